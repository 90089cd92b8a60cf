package org.kepu.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The description served at {@code /v3/api-docs}: every route takes a bearer JWT. */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI kepuOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("kepu API")
                        .version("v1")
                        .description("Upload, review and publication of popular-science works."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
