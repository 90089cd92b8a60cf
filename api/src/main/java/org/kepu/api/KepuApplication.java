package org.kepu.api;

import java.util.Arrays;
import org.kepu.importer.ImportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
// Sweeps, webhook polling, deadlines and flushes run on Spring's scheduler, stopped with the context.
@EnableScheduling
public class KepuApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("import")) {
            // A client of a running kepu: it starts no Spring context of its own.
            System.exit(ImportCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.err));
        }
        SpringApplication.run(KepuApplication.class, args);
    }
}
