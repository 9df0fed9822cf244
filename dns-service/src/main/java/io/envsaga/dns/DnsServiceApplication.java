package io.envsaga.dns;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** dns-service: the dns step of the saga (Route53 A records with their TXT ownership records). */
@SpringBootApplication
@EnableConfigurationProperties(DnsProperties.class)
public class DnsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(DnsServiceApplication.class, args);
    }
}
