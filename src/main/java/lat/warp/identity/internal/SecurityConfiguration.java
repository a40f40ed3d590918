package lat.warp.identity.internal;

import jakarta.servlet.RequestDispatcher;
import java.time.Duration;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.identity.ApiTokens;
import lat.warp.identity.Logins;
import lat.warp.platform.ProblemResponses;
import lat.warp.shared.Actors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * HTTP security. Four chains: the API (bearer tokens, stateless, problem details), the actuator, the
 * API documentation (a looser CSP that Swagger UI needs), and the web pages (session login with CSRF).
 * URL rules stay minimal: what each endpoint needs is declared on it and enforced by the endpoint
 * interceptor and again by the service.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private static final String DOCS_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** Login attempts allowed per client address in five minutes; beyond that the address waits. */
    @Bean
    LoginThrottle loginThrottle(@Value("${warp.login.attempts-per-address:30}") int attempts) {
        return new LoginThrottle(attempts, Duration.ofMinutes(5), 100_000);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        tokenAuthenticated(http.securityMatcher("/api/**"), tokens,
                "Authentication is required: send an API token as 'Authorization: Bearer <token>'.",
                "You may not do this.")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        headers(http, CONTENT_SECURITY_POLICY);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        tokenAuthenticated(http.securityMatcher("/actuator/**"), tokens,
                "Send an API token with the admin scope.", "Metrics need the OPERATIONS_READ permission.")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasAuthority("PERM_OPERATIONS_READ"));
        headers(http, CONTENT_SECURITY_POLICY);
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain docsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        headers(http, DOCS_POLICY);
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain webChain(HttpSecurity http, Logins logins, AuditTrail audit) throws Exception {
        AccessDeniedHandler denied = (request, response, exception) -> {
            if (exception instanceof CsrfException) {
                audit.entry(AuditAction.CSRF_REJECTED).sourceAddress(request.getRemoteAddr())
                        .object("path", request.getRequestURI()).denied("missing or invalid CSRF token");
                request.setAttribute("warp.errorMessage", "error.csrf");
            }
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 403);
            response.setStatus(403);
            request.getRequestDispatcher("/error").forward(request, response);
        };
        LogoutHandler auditLogout = (request, response, authentication) -> {
            if (authentication != null) {
                audit.entry(AuditAction.LOGOUT).actor(Actors.current()).sourceAddress(request.getRemoteAddr())
                        .success();
            }
        };
        http.addFilterAfter(new SessionActorFilter(logins), SecurityContextHolderFilter.class)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
                        .accessDeniedHandler(denied))
                .logout(l -> l.logoutUrl("/logout").addLogoutHandler(auditLogout).logoutSuccessUrl("/login?logout")
                        .deleteCookies("WARPSESSION"));
        headers(http, CONTENT_SECURITY_POLICY);
        return http.build();
    }

    /** A stateless chain for machines: bearer tokens, no session, no CSRF, refusals as problem details. */
    private static HttpSecurity tokenAuthenticated(HttpSecurity http, ApiTokens tokens, String unauthorized,
            String forbidden) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> ProblemResponses.write(req, res,
                                HttpStatus.UNAUTHORIZED, "Unauthorized", unauthorized))
                        .accessDeniedHandler((req, res, ex) -> ProblemResponses.write(req, res, HttpStatus.FORBIDDEN,
                                "Forbidden", forbidden)));
    }

    private static void headers(HttpSecurity http, String policy) throws Exception {
        http.headers(h -> h
                .contentSecurityPolicy(c -> c.policyDirectives(policy))
                .frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .httpStrictTransportSecurity(s -> s.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
                        "camera=(), microphone=(), geolocation=(), payment=(), usb=()"))
                .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin")));
    }
}
