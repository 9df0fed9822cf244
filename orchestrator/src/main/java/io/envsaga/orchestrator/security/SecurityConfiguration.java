package io.envsaga.orchestrator.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every {@code /api/v1} call needs a bearer token: a static token (or the admin token), or a JWT
 * from the configured issuer whose claims match a rule. Health, metrics and the OpenAPI document
 * are open. Rights are checked per environment by {@link AccessRules}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    /**
     * No observation of each security filter, authentication and authorization: wrapping every
     * filter of the chain in an observation cost about a third of a submission's HTTP time in the
     * benchmark (docs/benchmarks.md); {@code http.server.requests} still measures every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager bearerTokens) throws Exception {
        BearerProblems problems = new BearerProblems();
        return http
                .csrf(csrf -> csrf.disable())
                // the page (static/) runs only its own script and talks only to this server
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                        + "style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/**").access(SecurityConfiguration::hasAGrant)
                        .anyRequest().permitAll())
                .oauth2ResourceServer(oauth -> oauth.authenticationManagerResolver(request -> bearerTokens)
                        .authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /**
     * An {@code /api} call needs an identity with at least one grant: a JWT that matches no claim
     * rule (any repository can get one for the audience) is refused (403) before any stream or
     * work is set up for it; without a valid token it is 401.
     */
    private static AuthorizationDecision hasAGrant(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            return new AuthorizationDecision(false);
        }
        boolean granted = caller.getAuthorities().stream().anyMatch(Grant.class::isInstance);
        if (!granted) {
            throw new AccessDeniedException(caller.getName() + " matches no rule of envsaga.orchestrator.security (no grant):"
                    + " it may do nothing here");
        }
        return new AuthorizationDecision(true);
    }

    @Bean
    AuthenticationManager bearerTokens(SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
                                       @Value("${ENVSAGA_ADMIN_TOKEN:}") String adminToken,
                                       @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") List<String> audiences,
                                       @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
                                       @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri,
                                       @Value("${envsaga.orchestrator.security.issuer-retry:5s}") Duration issuerRetry) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new StaticTokenAuthenticationProvider(properties, adminToken));
        JwtDecoder configured = jwtDecoder.getIfAvailable();
        if (configured != null) {
            List<String> wanted = audiences.stream().filter(a -> !a.isBlank()).toList();
            if (wanted.isEmpty()) {
                // any OIDC token of the issuer (any repository's workflow, any audience) would otherwise be a candidate
                throw new IllegalStateException("JWTs are configured but no audience: set spring.security.oauth2.resourceserver.jwt.audiences"
                        + " (the audience your CI requests its token for, e.g. envsaga)");
            }
            // with only an issuer, Boot's decoder discovers it on the first request's thread and fails with a 500 until
            // it has answered: the discovery runs in the background instead (IssuerJwtDecoder)
            Supplier<JwtDecoder> build = !issuer.isBlank() && jwkSetUri.isBlank() ? () -> JwtDecoders.fromIssuerLocation(issuer)
                    : () -> configured;
            JwtDecoder decoder = new IssuerJwtDecoder(build, issuer, wanted, issuerRetry, Clock.systemUTC());
            JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
            jwt.setJwtAuthenticationConverter(token -> {
                if (token.getAudience() == null || token.getAudience().stream().noneMatch(wanted::contains)) {
                    throw new InvalidBearerTokenException("the token's audience is not " + wanted);
                }
                return new JwtAuthenticationToken(token, grantsOf(token, properties), subject(token));
            });
            providers.add(jwt);
        }
        ProviderManager manager = new ProviderManager(providers);
        manager.setEraseCredentialsAfterAuthentication(true);
        return authentication -> {
            var result = manager.authenticate(authentication);
            if (result == null) {
                throw new BadCredentialsException("unknown token");
            }
            return result;
        };
    }

    static List<Grant> grantsOf(Jwt token, SecurityProperties properties) {
        List<Grant> grants = new ArrayList<>();
        for (SecurityProperties.ClaimRule rule : properties.jwt()) {
            boolean matches = !rule.claims().isEmpty();
            for (Map.Entry<String, String> claim : rule.claims().entrySet()) {
                Object value = token.getClaims().get(claim.getKey());
                matches &= value != null && new NamePattern(claim.getValue()).matches(value.toString());
            }
            if (matches) {
                grants.addAll(rule.grants());
            }
        }
        return grants;
    }

    private static String subject(Jwt token) {
        Object repository = token.getClaims().get("repository");
        return "jwt:" + (repository != null ? repository : token.getSubject());
    }
}
