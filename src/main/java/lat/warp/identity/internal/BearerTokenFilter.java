package lat.warp.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import lat.warp.identity.ApiTokens;
import lat.warp.platform.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API calls by {@code Authorization: Bearer <token>}. A presented but unusable token is
 * refused here with a 401 problem; no token at all leaves the caller anonymous for the endpoint to
 * decide.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final ApiTokens tokens;

    BearerTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        String secret = header.substring(PREFIX.length()).strip();
        switch (tokens.authenticate(secret, request.getRemoteAddr())) {
            case ApiTokens.Verdict.Accepted accepted -> {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new ActorAuthentication(accepted.actor()));
                SecurityContextHolder.setContext(context);
                try {
                    chain.doFilter(request, response);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }
            case ApiTokens.Verdict.Rejected rejected -> {
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "The API token was refused: " + rejected.reason() + ".");
            }
        }
    }
}
