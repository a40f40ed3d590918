package lat.warp.notification.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import lat.warp.shared.InvalidInputException;

/**
 * The one place that decides whether a webhook URL may be called: http or https, a host, and (unless an
 * administrator allowed it) no private, loopback, link-local, shared (CGNAT), multicast or unspecified
 * address, so that a member cannot make the WARP call into its own network. Checked when a webhook is
 * added and again before every call (the name may since resolve elsewhere).
 */
final class WebhookAddresses {

    private WebhookAddresses() {
    }

    static URI parse(String url) {
        String text = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "This is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidInputException("url", "A webhook URL must start with https:// (or http://).");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidInputException("url", "A webhook URL needs a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("url", "A webhook URL may not carry a user name or password.");
        }
        if (text.length() > 2000) {
            throw new InvalidInputException("url", "The URL is too long.");
        }
        return uri;
    }

    /** Refuses a URL whose host is, or resolves to, an address that is not public. */
    static void requirePublic(URI uri) {
        String problem = privateAddressProblem(uri);
        if (problem != null) {
            throw new InvalidInputException("url", problem);
        }
    }

    /** Why the URL may not be called without an administrator's permission, or null if it may. */
    static String privateAddressProblem(URI uri) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "The webhook's host " + host + " cannot be resolved.";
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return "The webhook's host " + host + " is a private or loopback address (" + address.getHostAddress()
                        + "); only an administrator may allow that.";
            }
        }
        return null;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 169 && second == 254)
                    && first < 224;
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            // fc00::/7 unique local; ::ffff:0:0/96 mapped addresses are judged as IPv4 by the JDK already.
            return (first & 0xfe) != 0xfc;
        }
        return true;
    }
}
