package org.kepu.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KepuApplication {

    public static void main(String[] args) {
        SpringApplication.run(KepuApplication.class, args);
    }
}
