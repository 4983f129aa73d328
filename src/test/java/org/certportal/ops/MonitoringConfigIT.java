package org.certportal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The alert rules and the dashboard in {@code ops/} name metrics by string, far from the code that
 * registers them: a renamed meter, a renamed tag or a histogram switched off would leave an alert
 * that never fires and a panel that shows "No data", and nothing else would notice. This test reads
 * every PromQL expression in both files and finds each metric (and each label it selects on) in a
 * real scrape of the running portal.
 */
class MonitoringConfigIT extends IntegrationTest {

    static final Path ALERTS = Path.of("ops/prometheus/certportal-alerts.yml");
    static final Path DASHBOARD = Path.of("ops/grafana/certportal-dashboard.json");

    /** Series that Prometheus makes itself for every scrape target; the portal cannot expose them. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");
    /** Labels that Prometheus adds to every series of a target. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static String scrape;

    /** Makes the counters that only appear on first use: sign-ins of each kind, a lockout, emails sent. */
    @BeforeEach
    void exerciseThePortalOnce() {
        if (scrape != null) {
            return;
        }
        String owner = unique("ops");
        createUser(owner);
        assertThat(browser().signIn(owner, PASSWORD).location()).endsWith("/account");
        String victim = unique("opslock");
        createUser(victim);
        for (int i = 0; i < 6; i++) {
            browser().signIn(victim, "not the password at all, sorry");
        }
        browser().submit("/forgot-password", "/forgot-password", Map.of("username", owner, "email", emailOf(owner)));
        Mail.awaitSubject(greenMail, emailOf(victim), "locked");
        Mail.awaitSubject(greenMail, emailOf(owner), "reset link");
        Browser.Page page = browser().get("/actuator/prometheus");
        assertThat(page.status()).isEqualTo(200);
        scrape = page.body();
    }

    @Test
    void everyAlertRuleIsCompleteAndOnlyUsesMetricsThePortalExposes() throws IOException {
        Map<String, Object> file;
        try (Reader in = Files.newBufferedReader(ALERTS)) {
            file = new Yaml().load(in);
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        List<Map<String, Object>> groups = list(file.get("groups"));
        assertThat(groups).as("groups in " + ALERTS).isNotEmpty();
        for (Map<String, Object> group : groups) {
            assertThat(group.get("name")).as("a group's name").isInstanceOf(String.class);
            for (Map<String, Object> rule : list(group.get("rules"))) {
                String name = (String) rule.get("alert");
                assertThat(name).as("every rule is an alert with a name: " + rule).isNotBlank();
                assertThat(rule.get("expr")).as(name + ".expr").isInstanceOf(String.class);
                assertThat(String.valueOf(rule.get("for"))).as(name + ".for").matches("\\d+[smhd]");
                Map<String, Object> labels = map(rule.get("labels"));
                assertThat(labels.get("severity")).as(name + ".labels.severity").isIn("critical", "warning", "info");
                Map<String, Object> annotations = map(rule.get("annotations"));
                for (String key : List.of("summary", "description", "runbook")) {
                    assertThat(annotations.get(key)).as(name + ".annotations." + key).isInstanceOf(String.class);
                    assertThat((String) annotations.get(key)).as(name + ".annotations." + key).isNotBlank();
                }
                assertThat(expressions.put(name, (String) rule.get("expr"))).as("alert names are unique: " + name).isNull();
            }
        }
        assertExposed(expressions);
    }

    @Test
    void everyDashboardPanelOnlyUsesMetricsThePortalExposes() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        Map<String, String> expressions = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard.path("panels"), panels);
        assertThat(panels).isNotEmpty();
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            String title = panel.path("title").asString();
            assertThat(panel.path("datasource").path("uid").asString()).as(title + " datasource").isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(title + " targets").isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                expressions.put(title + " / " + target.path("refId").asString(), target.path("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                // Grafana's label_values(selector, label) is not PromQL: its selector is.
                String query = variable.path("query").isObject() ? variable.path("query").path("query").asString() : variable.path("query").asString();
                Matcher m = Pattern.compile("label_values\\((.*),\\s*\\w+\\)").matcher(query);
                expressions.put("variable " + variable.path("name").asString(), m.matches() ? m.group(1) : query);
            }
        }
        assertExposed(expressions);
    }

    @Test
    void theExtractorFindsMetricsButNotFunctionsLabelsOrDurations() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, instance) (rate(certportal_password_hash_queue_seconds_bucket{job=\"x\"}[5m]))) > 0.5"))
                .containsExactly("certportal_password_hash_queue_seconds_bucket");
        assertThat(metricNames("sum(increase(a_total[1h] offset 1d)) > 3 * (sum without (instance) (b) or vector(0)) and on() c == bool 1e3"))
                .containsExactly("a_total", "b", "c");
        assertThat(metricNames("max(up{job=~\"certportal|other\"}) < 1 unless absent(x_max[$__rate_interval:1m])"))
                .containsExactly("up", "x_max");
        assertThat(metricNames("max(g{job=\"certportal\"}) - max(g{job=\"certportal\"} offset 1h) > 0")).containsExactly("g");
    }

    @Test
    void theLabelCheckReadsMatchersAndScrapedLabels() {
        assertThat(selectedLabels("rate(a_total{job=\"x\", outcome=~\"f|l\"}[5m]) / a_total{state!=\"s\"} + b{other=\"o\"}", "a_total"))
                .containsExactly("job", "outcome", "state");
        assertThat(scrapedLabels("# TYPE a counter\na_total{outcome=\"x\",scope=\"y,z\"} 1.0\nb 2.0\n"))
                .containsEntry("a_total", Set.of("outcome", "scope")).containsEntry("b", Set.of()).hasSize(2);
    }

    // --- what an expression uses, and what the scrape has ---

    private void assertExposed(Map<String, String> expressions) {
        Map<String, Set<String>> exposed = scrapedLabels(scrape);
        List<String> problems = new ArrayList<>();
        expressions.forEach((where, expr) -> {
            Set<String> names = metricNames(expr);
            if (names.isEmpty()) {
                problems.add(where + ": no metric in `" + expr + "`");
            }
            for (String name : names) {
                if (MADE_BY_PROMETHEUS.contains(name)) {
                    continue;
                }
                if (!exposed.containsKey(name)) {
                    String base = name.replaceFirst("_(bucket|count|sum|total|max)$", "");
                    boolean family = exposed.keySet().stream().anyMatch(n -> n.startsWith(base + "_") || n.equals(base));
                    problems.add(where + ": " + name + " is not in /actuator/prometheus"
                            + (family ? " (other series of " + base + " are: renamed, or its histogram switched off?)" : ""));
                    continue;
                }
                for (String label : selectedLabels(expr, name)) {
                    if (!TARGET_LABELS.contains(label) && !exposed.get(name).contains(label)) {
                        problems.add(where + ": " + name + " has no label `" + label + "` (it has " + exposed.get(name) + ")");
                    }
                }
            }
        });
        assertThat(problems).as("metrics the ops/ files use but the portal does not expose").isEmpty();
    }

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN");

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords, label lists, matchers or durations. */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
        // Dropped whole, so that `sum by (le) (x)` reads as the call `sum (x)`.
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The label names that the selectors of one metric match on, as in {@code name{label="v", other=~"r"}}. */
    static Set<String> selectedLabels(String expr, String name) {
        Set<String> labels = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w:])" + Pattern.quote(name) + "\\s*\\{([^}]*)\\}").matcher(expr);
        while (m.find()) {
            Matcher l = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)").matcher(STRING.matcher(m.group(1)).replaceAll("\"\""));
            while (l.find()) {
                labels.add(l.group(1));
            }
        }
        return labels;
    }

    /** Every sample name of a Prometheus text scrape with the label names seen on it. */
    static Map<String, Set<String>> scrapedLabels(String body) {
        Map<String, Set<String>> names = new HashMap<>();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+\\S+.*$");
        Pattern label = Pattern.compile("([a-zA-Z_]\\w*)=\"(?:[^\"\\\\]|\\\\.)*\"");
        for (String line : body.split("\n")) {
            Matcher m = sample.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Set<String> labels = names.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return names;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
