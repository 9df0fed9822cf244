package io.envsaga.dns;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DnsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(DnsServiceApplication.class, args);
    }
}
