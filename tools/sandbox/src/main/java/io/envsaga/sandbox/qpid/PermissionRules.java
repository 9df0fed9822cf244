package io.envsaga.sandbox.qpid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.server.security.access.config.LegacyOperation;
import org.apache.qpid.server.security.access.config.ObjectType;
import org.apache.qpid.server.security.access.config.Property;
import org.apache.qpid.server.security.access.config.Rule;
import org.apache.qpid.server.security.access.plugins.AclRule;
import org.apache.qpid.server.security.access.plugins.RuleOutcome;

/**
 * RabbitMQ's permissions of a vhost's users, as the rules of Qpid Broker-J's rule-based access
 * control of that virtual host (whose default is then DENIED). RabbitMQ's three regular
 * expressions become rules on the object names of Broker-J's operations:
 *
 * <ul>
 *   <li>configure: CREATE and DELETE of QUEUE and EXCHANGE;</li>
 *   <li>write: PUBLISH to an EXCHANGE (the default exchange is {@code amq.default} to the regular
 *       expression, as in RabbitMQ);</li>
 *   <li>read: CONSUME from and PURGE a QUEUE;</li>
 *   <li>bind and unbind (RabbitMQ: write on the queue, read on the exchange): BIND and UNBIND of an
 *       EXCHANGE by its name and the bound queue's;</li>
 *   <li>any permission: ACCESS to the VIRTUALHOST (RabbitMQ refuses a connection to a vhost where
 *       the user has none).</li>
 * </ul>
 *
 * <p>How a regular expression becomes a name predicate: {@code ""} matches nothing (no rule, as
 * RabbitMQ treats it); {@code .*} (also {@code ^.*}, {@code ^.*$}) any name; {@code ^prefix},
 * optionally followed by {@code .*}, a prefix (Broker-J's {@code prefix*}): these are exact. Any
 * other expression is approximated by the names it matches among the vhost's exchanges and queues
 * of the moment ({@link #dependsOnNames}: recomputed when they change), so a name declared later
 * is allowed only once it exists (a configure permission for a queue not yet declared does not
 * hold).
 */
final class PermissionRules {

    /** RabbitMQ's permissions of one user on one vhost. */
    record Permissions(String configure, String write, String read) {
    }

    private static final Pattern PREFIX = Pattern.compile("\\^((?:[A-Za-z0-9_\\-:/]|\\\\[.\\-_/:])+)(?:\\.\\*)?\\$?");
    private static final Set<String> EVERYTHING = Set.of(".*", "^.*", "^.*$", ".*$");

    private PermissionRules() {
    }

    /** Whether some expression is approximated by the names of the moment (the rules change when exchanges or queues do). */
    static boolean dependsOnNames(Collection<Permissions> permissions) {
        return permissions.stream().anyMatch(p -> names(p.configure()) == null || names(p.write()) == null || names(p.read()) == null);
    }

    static List<AclRule> rules(Map<String, Permissions> users, Set<String> exchanges, Set<String> queues) {
        List<AclRule> rules = new ArrayList<>();
        users.forEach((user, p) -> {
            rules.add(allow(user, LegacyOperation.ACCESS, ObjectType.VIRTUALHOST).build().asAclRule());
            Optional<Set<String>> configureQueues = matching(p.configure(), queues);
            Optional<Set<String>> configureExchanges = matching(p.configure(), exchanges);
            Optional<Set<String>> writeExchanges = matching(p.write(), withDefault(exchanges));
            Optional<Set<String>> writeQueues = matching(p.write(), queues);
            Optional<Set<String>> readQueues = matching(p.read(), queues);
            Optional<Set<String>> readExchanges = matching(p.read(), exchanges);
            for (LegacyOperation operation : List.of(LegacyOperation.CREATE, LegacyOperation.DELETE)) {
                named(user, operation, ObjectType.QUEUE, Property.NAME, configureQueues).ifPresent(rules::add);
                named(user, operation, ObjectType.EXCHANGE, Property.NAME, configureExchanges).ifPresent(rules::add);
            }
            named(user, LegacyOperation.PUBLISH, ObjectType.EXCHANGE, Property.NAME, writeExchanges).ifPresent(rules::add);
            for (LegacyOperation operation : List.of(LegacyOperation.CONSUME, LegacyOperation.PURGE)) {
                named(user, operation, ObjectType.QUEUE, Property.NAME, readQueues).ifPresent(rules::add);
            }
            if (readExchanges.isPresent() && writeQueues.isPresent()) {
                for (LegacyOperation operation : List.of(LegacyOperation.BIND, LegacyOperation.UNBIND)) {
                    Rule.Builder rule = allow(user, operation, ObjectType.EXCHANGE);
                    predicate(rule, Property.NAME, readExchanges.get());
                    predicate(rule, Property.QUEUE_NAME, writeQueues.get());
                    rules.add(rule.build().asAclRule());
                }
            }
        });
        return rules;
    }

    /** The names a regular expression allows: empty set for any name, present names, or nothing (no rule). */
    private static Optional<Set<String>> matching(String regex, Set<String> candidates) {
        Set<String> exact = names(regex);
        if (exact != null) {
            return exact.contains("") ? Optional.empty() : Optional.of(exact);
        }
        Pattern pattern = Pattern.compile(regex);
        Set<String> found = new LinkedHashSet<>();
        candidates.forEach(name -> {
            if (pattern.matcher(name.isEmpty() ? "amq.default" : name).find()) {
                found.add(name);
            }
        });
        return found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    /**
     * The exact translation of an expression: {} for any name, {"prefix*"} for a prefix, {""} for
     * none; null when it can only be approximated.
     */
    private static Set<String> names(String regex) {
        if (regex == null || regex.isEmpty()) {
            return Set.of("");
        }
        if (EVERYTHING.contains(regex)) {
            return Set.of();
        }
        Matcher prefix = PREFIX.matcher(regex);
        if (prefix.matches()) {
            String literal = prefix.group(1).replaceAll("\\\\(.)", "$1");
            return regex.endsWith("$") && !regex.endsWith(".*$") ? Set.of(literal) : Set.of(literal + "*");
        }
        return null;
    }

    private static Optional<AclRule> named(String user, LegacyOperation operation, ObjectType type, Property property,
                                           Optional<Set<String>> names) {
        return names.map(set -> {
            Rule.Builder rule = allow(user, operation, type);
            predicate(rule, property, set);
            return rule.build().asAclRule();
        });
    }

    private static void predicate(Rule.Builder rule, Property property, Set<String> names) {
        if (!names.isEmpty()) {
            rule.withPredicate(property.name().toLowerCase().replace("_", ""), names);
        }
    }

    private static Rule.Builder allow(String user, LegacyOperation operation, ObjectType type) {
        return new Rule.Builder().withIdentity(user).withOperation(operation).withObject(type).withOutcome(RuleOutcome.ALLOW);
    }

    private static Set<String> withDefault(Set<String> exchanges) {
        Set<String> all = new LinkedHashSet<>(exchanges);
        all.add("");
        return all;
    }
}
