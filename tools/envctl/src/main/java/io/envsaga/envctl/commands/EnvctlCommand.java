package io.envsaga.envctl.commands;

import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.Terminal;
import io.envsaga.envctl.config.GithubOidc;
import io.envsaga.envctl.config.Settings;
import io.envsaga.envctl.watch.PlainProgress;
import io.envsaga.envctl.watch.Progress;
import io.envsaga.envctl.watch.TerminalProgress;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code envctl} command itself: its subcommands, the options they all inherit, and what they
 * share (the terminal, the API client, the progress display). Each subcommand reaches it as its
 * {@code @ParentCommand}; the entry point is {@code io.envsaga.envctl.Envctl}.
 */
@Command(name = "envctl", mixinStandardHelpOptions = true, versionProvider = EnvctlCommand.Version.class,
        description = "Brings environments up and down through envsaga: validate a spec, apply or publish it, watch it, read it, delete it.",
        subcommands = {ValidateCommand.class, ApplyCommand.class, PublishCommand.class, GetCommand.class, HistoryCommand.class,
                DeleteCommand.class, AutoComplete.GenerateCompletion.class},
        footerHeading = "%nConfiguration:%n",
        footer = {"  The server, token and broker come from the flags, else ENVSAGA_URL, ENVSAGA_TOKEN and ENVSAGA_AMQP_URI,",
                "  else the files url, token and amqp-uri of the nearest .envsaga/ directory (the sandbox writes them).",
                "",
                "Exit codes:",
                "  0 ready or done, 1 failed, rolled back, rejected or not found, 2 invalid input or usage,",
                "  3 timed out, 4 cannot reach the server or the broker, or not allowed.",
                "",
                "Examples:",
                "  envctl apply -f examples/codedang-stage.yaml --wait",
                "  envctl get",
                "  source <(envctl generate-completion)"})
public final class EnvctlCommand {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The orchestrator, e.g. http://127.0.0.1:8080 (else ENVSAGA_URL, else .envsaga/url).")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "API bearer token (else ENVSAGA_TOKEN, else .envsaga/token). Prefer the variable: flags show in ps.")
    String token;

    @Option(names = "--github-oidc", scope = ScopeType.INHERIT, paramLabel = "AUDIENCE",
            description = "In GitHub Actions: use the job's OIDC token for this audience (needs 'permissions: id-token: write').")
    String githubOidcAudience;

    @Option(names = "--amqp-uri", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "For publish: the broker, amqp(s)://user:password@host:port/vhost (else ENVSAGA_AMQP_URI, else .envsaga/amqp-uri).")
    String amqpUri;

    private final Terminal terminal;
    private final InputStream stdin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public EnvctlCommand(Terminal terminal, InputStream stdin) {
        this.terminal = terminal;
        this.stdin = stdin;
    }

    public Terminal terminal() {
        return terminal;
    }

    public InputStream stdin() {
        return stdin;
    }

    public Settings settings() {
        return new Settings(terminal);
    }

    /** The API client with the resolved server and token (fetching the GitHub OIDC token when asked). */
    public ApiClient api() {
        Settings settings = settings();
        if (token != null && githubOidcAudience != null) {
            throw EnvctlException.invalid("give --token or --github-oidc, not both");
        }
        String bearer = githubOidcAudience != null ? GithubOidc.token(terminal, http, githubOidcAudience) : settings.token(token).orElse(null);
        return new ApiClient(http, settings.apiUrl(url), bearer);
    }

    public String amqpUri() {
        return settings().amqpUri(amqpUri);
    }

    /** Bars redrawn in place on a terminal; plain lines in logs or with --plain. */
    public Progress progress(boolean plain) {
        if (plain || !terminal.tty()) {
            return new PlainProgress(terminal.out());
        }
        int width = 100;
        try {
            width = Integer.parseInt(terminal.env().getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
            // keep the default
        }
        return new TerminalProgress(terminal.out(), terminal.clock(), width);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EnvctlCommand.class.getPackage().getImplementationVersion();
            return new String[] {"envctl " + (version == null ? "development" : version)};
        }
    }
}
