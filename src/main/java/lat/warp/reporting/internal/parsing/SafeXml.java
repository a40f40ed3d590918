package lat.warp.reporting.internal.parsing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one way the report parsers read XML, hardened against hostile documents (OWASP's XXE
 * prevention settings): any DOCTYPE is refused outright, so there are no entities, internal or
 * external, and no DTD; external DTDs, schemas and XInclude are never loaded; the JDK's secure
 * processing limits (entity expansion, element depth, attribute count) apply on top. Always the JDK's
 * own parser, whatever else is on the class path.
 */
final class SafeXml {

    /** A document that was refused, with a reason fit for {@link ParsedReport#problems()}. */
    static final class RefusedXml extends Exception {
        RefusedXml(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings are ignored, not printed
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SafeXml() {
    }

    static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setAttribute("jdk.xml.entityExpansionLimit", "100");
        f.setAttribute("jdk.xml.maxElementDepth", "100");
        f.setAttribute("jdk.xml.elementAttributeLimit", "100");
        return f;
    }

    static Document parse(byte[] xml) throws RefusedXml {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            InputSource source = new InputSource(new ByteArrayInputStream(xml));
            return builder.parse(source);
        } catch (SAXParseException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("DOCTYPE") || m.contains("DTD")) {
                throw new RefusedXml("The XML has a DOCTYPE, which WARP refuses: no DTDs and no entities "
                        + "(they are how external-entity and entity-expansion attacks work).");
            }
            if (m.contains("JAXP0")) {
                throw new RefusedXml("The XML goes beyond the parser's safety limits (" + clean(m) + ").");
            }
            throw new RefusedXml("The XML is not well-formed (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + clean(m));
        } catch (SAXException e) {
            throw new RefusedXml("The XML could not be read: " + clean(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw new RefusedXml("The XML could not be read: " + clean(String.valueOf(e.getMessage())));
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK's XML parser does not support the hardening settings", e);
        }
    }

    private static String clean(String m) {
        String s = m.replaceAll("\\p{Cntrl}", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
