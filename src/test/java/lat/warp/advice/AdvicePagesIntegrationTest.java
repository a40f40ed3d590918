package lat.warp.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import lat.warp.events.Taxonomy;
import lat.warp.testing.HttpTestClient;
import lat.warp.testing.WarpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.HtmlUtils;

/**
 * The advice pages over HTTP, anonymously (guides are TLP:CLEAR): every RSIT type's guide in Spanish,
 * Portuguese and English, the index, older names redirected to the RSIT type, unknown names as the
 * not-found page, and the links that notification's e-mails and webhooks build.
 */
@WarpIntegrationTest
class AdvicePagesIntegrationTest {

    @LocalServerPort int port;

    private static List<String> allTypes() {
        return Taxonomy.rsit().typesByClass().values().stream().flatMap(List::stream).toList();
    }

    private static Properties bundle(String suffix) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/i18n/advice" + suffix + ".properties"),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void everyGuideRendersInEveryLanguageWithItsOwnTitle() throws IOException {
        HttpTestClient client = new HttpTestClient(port);
        for (Map.Entry<String, String> language : Map.of("es", "_es", "pt", "_pt", "en", "").entrySet()) {
            Properties texts = bundle(language.getValue());
            for (String type : allTypes()) {
                HttpResponse<String> page = client.get("/advice/" + type + "?lang=" + language.getKey());
                assertThat(page.statusCode()).as("/advice/%s in %s", type, language.getKey()).isEqualTo(200);
                String title = HtmlUtils.htmlEscape(texts.getProperty(AdviceGuides.key(type, "title")), "UTF-8");
                assertThat(page.body())
                        .as("/advice/%s in %s", type, language.getKey())
                        .contains("<h1>" + title + "</h1>")
                        .contains("lang=\"" + language.getKey() + "\"")
                        .contains(HtmlUtils.htmlEscape(texts.getProperty(AdviceGuides.key(type, "help")), "UTF-8"));
            }
        }
    }

    @Test
    void theIndexListsEveryGuideGroupedByClass() throws IOException {
        HttpTestClient client = new HttpTestClient(port);
        Properties spanish = bundle("_es");
        HttpResponse<String> index = client.get("/advice?lang=es");
        assertThat(index.statusCode()).isEqualTo(200);
        for (String rsitClass : Taxonomy.rsit().classes()) {
            assertThat(index.body()).contains("id=\"class-" + rsitClass + "\"")
                    .contains(HtmlUtils.htmlEscape(spanish.getProperty("advice.class." + rsitClass), "UTF-8"));
        }
        for (String type : allTypes()) {
            assertThat(index.body()).contains("href=\"/advice/" + type + "\"");
        }
        assertThat(index.body()).as("the navigation links to the guides").contains("<a href=\"/advice\">Asesoramiento</a>");
    }

    @Test
    void olderNamesRedirectToTheirRsitType() {
        HttpTestClient client = new HttpTestClient(port);
        Map<String, String> redirects = Map.of(
                "malware", "infected-system",
                "c%26c", "c2-server",
                "botnet%20drone", "infected-system",
                "blacklist", "blocklist",
                "defacement", "unauthorised-information-modification",
                "vulnerable-service", "vulnerable-system",
                "Phishing", "phishing");
        redirects.forEach((legacy, type) -> {
            HttpResponse<String> response = client.get("/advice/" + legacy);
            assertThat(response.statusCode()).as("/advice/%s", legacy).isEqualTo(301);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as("/advice/%s", legacy)
                    .endsWith("/advice/" + type);
        });
    }

    @Test
    void anUnknownTypeIsTheNotFoundPage() {
        HttpTestClient client = new HttpTestClient(port);
        for (String unknown : List.of("no-such-type", "%3Cscript%3E", "not%20a%20type")) {
            HttpResponse<String> response = client.get("/advice/" + unknown + "?lang=en");
            assertThat(response.statusCode()).as("/advice/%s", unknown).isEqualTo(404);
            assertThat(response.body()).as("/advice/%s", unknown)
                    .contains("<main id=\"main\">")
                    .doesNotContain("Exception")
                    .doesNotContain("<script>");
        }
    }

    @Test
    void theLinksNotificationBuildsAnswer() {
        // MailComposer and WebhookCaller write base + "/advice/" + the event's or incident's classification type.
        HttpTestClient client = new HttpTestClient(port);
        for (String type : List.of("phishing", "scanner", "infected-system", "ddos-amplifier", "vulnerable-system")) {
            HttpResponse<String> response = client.get(AdviceGuides.path(type));
            assertThat(response.statusCode()).as(AdviceGuides.path(type)).isEqualTo(200);
            assertThat(response.body()).contains("TLP:CLEAR");
        }
    }
}
