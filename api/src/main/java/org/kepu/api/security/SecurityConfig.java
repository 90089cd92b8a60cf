package org.kepu.api.security;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.problem.Problem;
import org.kepu.api.problem.ProblemWriter;
import org.kepu.ingestion.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every route needs a bearer token except health, feeds (public channels are open) and, in embedded
 * mode, the development issuer. Roles come from the token; what a role may see is decided where the data
 * is (creators see their own works).
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecurityWebFilterChain securityFilterChain(
            ServerHttpSecurity http, ReactiveJwtDecoder decoder, DevTokenIssuerHolder dev, ProblemWriter problems) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(routes -> {
                    routes.pathMatchers("/actuator/health", "/actuator/health/**")
                            .permitAll();
                    // Feeds of public channels need no token, so the feed itself decides who may read
                    // it. A request that does carry a token still has it checked first: a bad one is a 401.
                    routes.pathMatchers(HttpMethod.GET, "/feeds/**").permitAll();
                    routes.pathMatchers(HttpMethod.HEAD, "/feeds/**").permitAll();
                    // Items and file links of public channels likewise; downloads carry a signed link,
                    // which is the permission, so players and feed readers without tokens can follow it.
                    routes.pathMatchers(HttpMethod.GET, "/api/v1/channels/*/items/**", "/downloads/**")
                            .permitAll();
                    if (dev.issuer().isPresent()) {
                        routes.pathMatchers(HttpMethod.POST, "/dev/token").permitAll();
                    }
                    // The API description and Swagger UI over it are for the people who integrate with
                    // kepu: public, like the contract they describe; they reveal no data. Swagger UI sends
                    // the token a reader enters with "Try it out".
                    routes.pathMatchers(
                                    HttpMethod.GET,
                                    "/v3/api-docs",
                                    "/v3/api-docs.yaml",
                                    "/v3/api-docs/**",
                                    "/swagger-ui.html",
                                    "/webjars/swagger-ui/**")
                            .permitAll();
                    // metrics tell how kepu is built and used: for admins only
                    routes.pathMatchers("/actuator/**").hasRole(Caller.ADMIN);
                    // Roles are checked before a body is read, so a caller without the role learns nothing
                    // from validation problems (a 403, never a 422).
                    routes.pathMatchers("/api/v1/admin/**").hasRole(Caller.ADMIN);
                    routes.pathMatchers(HttpMethod.GET, "/api/v1/knowledge", "/api/v1/knowledge/**")
                            .hasAnyRole(Caller.REVIEWER, Caller.EDITOR, Caller.ADMIN);
                    routes.pathMatchers(HttpMethod.POST, "/api/v1/knowledge/dry-run")
                            .hasAnyRole(Caller.REVIEWER, Caller.EDITOR, Caller.ADMIN);
                    routes.pathMatchers("/api/v1/knowledge", "/api/v1/knowledge/**")
                            .hasAnyRole(Caller.REVIEWER, Caller.ADMIN);
                    routes.anyExchange().authenticated();
                })
                .oauth2ResourceServer(server -> server.jwt(jwt ->
                                jwt.jwtDecoder(decoder).jwtAuthenticationConverter(SecurityConfig::authentication))
                        .authenticationFailureHandler((filterExchange, e) -> refused(filterExchange, e, problems))
                        .authenticationEntryPoint((exchange, e) -> problems.write(
                                exchange,
                                new Problem(
                                        HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.")))
                        .accessDeniedHandler((exchange, e) ->
                                problems.write(exchange, Problem.forbidden("Your token does not allow this."))))
                .exceptionHandling(handling -> handling.authenticationEntryPoint((exchange, e) -> problems.write(
                                exchange,
                                new Problem(
                                        HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.")))
                        .accessDeniedHandler((exchange, e) ->
                                problems.write(exchange, Problem.forbidden("Your token does not allow this."))));
        return http.build();
    }

    @Bean
    DevTokenIssuerHolder devTokenIssuer(KepuProperties properties, ObjectProvider<ObjectStore> store, Clock clock) {
        if (!IssuerChoice.devIssuer(properties)) {
            return new DevTokenIssuerHolder(null, false);
        }
        KepuProperties.DevIssuer settings = properties.auth().devIssuer();
        boolean open = settings != null && settings.open();
        log.warn(
                "the development token issuer is on (POST /dev/token){}: anyone who reaches it gets any role."
                        + " Set kepu.auth.issuer-uri to use a real identity provider.",
                open
                        ? " and answers every client (kepu.auth.dev-issuer.open=true)"
                        : " for this machine's own clients");
        // Instances sharing an S3 store share the key too, so each accepts the tokens the others minted.
        DevTokenIssuer issuer = properties.store() != null && properties.store().type() == KepuProperties.StoreType.S3
                ? DevTokenIssuer.shared(store.getObject(), properties.auth().devTokenTtl(), clock)
                : new DevTokenIssuer(properties.dataDir(), properties.auth().devTokenTtl(), clock);
        return new DevTokenIssuerHolder(issuer, open);
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(KepuProperties properties, DevTokenIssuerHolder dev, Clock clock) {
        return new VerifiedTokens(verifyingDecoder(properties, dev), clock);
    }

    private static ReactiveJwtDecoder verifyingDecoder(KepuProperties properties, DevTokenIssuerHolder dev) {
        KepuProperties.Auth auth = properties.auth();
        if (dev.issuer().isPresent()) {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(
                            dev.issuer().get().secretKey())
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            decoder.setJwtValidator(withSubject(JwtValidators.createDefaultWithIssuer(DevTokenIssuer.ISSUER)));
            return decoder;
        }
        // Keys are fetched on first use, so kepu starts even while the identity provider is still booting.
        NimbusReactiveJwtDecoder decoder = auth.jwkSetUri() != null
                        && !auth.jwkSetUri().isBlank()
                ? NimbusReactiveJwtDecoder.withJwkSetUri(auth.jwkSetUri()).build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(auth.issuerUri()).build();
        decoder.setJwtValidator(withSubject(
                auth.issuerUri() != null && !auth.issuerUri().isBlank()
                        ? JwtValidators.createDefaultWithIssuer(auth.issuerUri())
                        : JwtValidators.createDefault()));
        return decoder;
    }

    /**
     * Every caller is known by the token's subject: owners, decisions and the audit trail are keyed by it.
     * A token without one is refused here, as a 401, instead of failing later wherever the id is used. A
     * token without an expiry is refused too: the default validators check {@code exp} only when present,
     * and such a token, once out, would be good for ever.
     */
    static OAuth2TokenValidator<Jwt> withSubject(OAuth2TokenValidator<Jwt> validator) {
        return new DelegatingOAuth2TokenValidator<>(
                validator,
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, java.util.Objects::nonNull));
    }

    /**
     * A bad token is the caller's problem (401). When the issuer's keys cannot be fetched the token was
     * never checked: that is kepu's problem for now (503, retry), not a 500 and not a verdict on the token.
     */
    private static Mono<Void> refused(
            WebFilterExchange filterExchange, AuthenticationException e, ProblemWriter problems) {
        ServerWebExchange exchange = filterExchange.getExchange();
        if (e instanceof AuthenticationServiceException) {
            // One line per request while the issuer is down; the stack trace only when asked for.
            log.warn("cannot check a bearer token, the issuer's keys are out of reach: {}", e.getMessage());
            log.debug("issuer failure", e);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "10");
            return problems.write(
                    exchange,
                    new Problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "identity-provider-unavailable",
                            "The identity provider cannot be reached to check the token; try again shortly."));
        }
        return problems.write(
                exchange, new Problem(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required."));
    }

    private static Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
        Collection<GrantedAuthority> authorities = Caller.roles(jwt.getClaims()).stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
        return Mono.just(new JwtAuthenticationToken(jwt, List.copyOf(authorities), jwt.getSubject()));
    }
}
