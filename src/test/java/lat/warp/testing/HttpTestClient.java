package lat.warp.testing;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client for page and API tests, as one browser at one client address
 * (sent as X-Forwarded-For, so that per-address login throttling of one test does not touch another).
 */
public final class HttpTestClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"|"
            + "<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private final String clientAddress;

    public HttpTestClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.clientAddress = "198.51." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    public String clientAddress() {
        return clientAddress;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> get(String path, String bearer) {
        return send(request(path).header("Authorization", "Bearer " + bearer).GET().build());
    }

    /** Posts a form, with the CSRF token of the given page unless {@code withCsrf} is false. */
    public HttpResponse<String> postForm(String path, Map<String, String> fields, String csrfFromPage, boolean withCsrf) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf) {
            all.put("_csrf", csrf(get(csrfFromPage).body()));
        }
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts a form with the CSRF token of the given page and extra headers (name, value, name, value...). */
    public HttpResponse<String> postForm(String path, Map<String, String> fields, String csrfFromPage,
            String... headers) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf(get(csrfFromPage).body()));
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(path).header("Content-Type", "application/x-www-form-urlencoded");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Posts a multipart/form-data form as a browser does for a file upload: the fields, one file, and
     * the CSRF token of the given page as a field.
     */
    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField,
            String fileName, byte[] content, String csrfFromPage) {
        String boundary = "----warp-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf(get(csrfFromPage).body()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        all.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> postJson(String path, String json, String bearer) {
        return send(request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Sends a JSON body with any method (PUT, PATCH, POST), as an API client with a bearer token. */
    public HttpResponse<String> sendJson(String method, String path, String json, String bearer) {
        return send(request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> send(String method, String path, String bearer) {
        return send(request(path).header("Authorization", "Bearer " + bearer)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Logs in with password and, when asked for, the TOTP code; returns the final response. */
    public HttpResponse<String> login(String email, String password) {
        return postForm("/login", Map.of("email", email, "password", password), "/login", true);
    }

    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No CSRF token in the page");
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-Forwarded-For", clientAddress);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed: " + request.uri(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
