package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dxguard.model.testing.RepoPaths;
import org.dxguard.service.TestServer;
import org.dxguard.service.monitoring.ReadinessRoute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Static checks of deploy/ (compose file, Dockerfile, nginx, Helm chart), because no Docker engine or helm binary
 * is available to build or install them here: the files parse, their image tags are the project version, every
 * {@code DXGUARD_*} variable they set is documented and read by the product, every probe path they use answers 200
 * on a real running service, the chart's templates reference only values that exist, and the topology is the one
 * documented (N replicas, 3 Neo4j primaries + 1 secondary on Enterprise, vLLM with the LoRA adapter on a GPU).
 */
class DeploymentFilesIT {
    private static Path root;
    private static String version;

    @BeforeAll
    static void findRepository() throws IOException {
        root = RepoPaths.repoRoot();
        assertThat(root.resolve("deploy/compose.yaml")).isRegularFile();
        Matcher m = Pattern.compile("<artifactId>dxguard-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        version = m.group(1);
    }

    private static String read(String path) throws IOException {
        return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String path) throws IOException {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(read(path));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return map(map(compose.get("services"), "services").get(name), "service " + name);
    }

    private static Map<String, Object> env(Map<String, Object> service) {
        return map(service.get("environment"), "environment");
    }

    @Test
    void should_run_n_replicas_behind_a_balancer_with_a_neo4j_cluster_and_vllm_when_compose_is_read()
        throws IOException {
        // given
        Map<String, Object> compose = yaml("deploy/compose.yaml");

        // when
        Map<String, Object> dxguard = service(compose, "dxguard");
        Map<String, Object> dxEnv = env(dxguard);
        Map<String, Object> vllm = service(compose, "vllm");
        List<String> vllmArgs = list(vllm.get("command"), "vllm command").stream().map(String::valueOf).toList();

        // then: replicas of the image of this version, reached through nginx on their own port
        assertThat(dxguard.get("image")).isEqualTo("dxguard:" + version);
        assertThat(String.valueOf(map(dxguard.get("deploy"), "deploy").get("replicas"))).contains("3");
        assertThat(dxEnv.get("DXGUARD_PORT")).isEqualTo("8080");
        assertThat(read("deploy/nginx/nginx.conf")).contains("server dxguard:" + dxEnv.get("DXGUARD_PORT"));
        assertThat(String.valueOf(map(service(compose, "lb"), "lb").get("ports"))).contains("8080:8080");
        // each replica has its own data directory under the shared volume (the entrypoint adds the hostname)
        assertThat(dxEnv).containsKey("DXGUARD_REPLICA_DATA_ROOT").doesNotContainKey("DXGUARD_DATA_DIR");
        assertThat(read("deploy/docker-entrypoint.sh")).contains("DXGUARD_REPLICA_DATA_ROOT").contains("$(hostname)");
        // a Neo4j 5.26 Enterprise cluster, 3 primaries + 1 secondary, licence accepted, reached with neo4j://
        List<String> modes = new ArrayList<>();
        for (String n : List.of("neo4j-core1", "neo4j-core2", "neo4j-core3", "neo4j-read1")) {
            Map<String, Object> s = service(compose, n);
            assertThat(String.valueOf(s.get("image"))).startsWith("neo4j:5.26").endsWith("-enterprise");
            assertThat(env(s)).containsEntry("NEO4J_ACCEPT_LICENSE_AGREEMENT", "yes")
                .containsEntry("NEO4J_initial_dbms_default__primaries__count", "3")
                .containsEntry("NEO4J_initial_dbms_default__secondaries__count", "1");
            modes.add(String.valueOf(env(s).get("NEO4J_initial_server_mode__constraint")));
        }
        assertThat(modes).containsExactly("PRIMARY", "PRIMARY", "PRIMARY", "SECONDARY");
        assertThat(String.valueOf(dxEnv.get("DXGUARD_NEO4J_URI"))).startsWith("neo4j://neo4j-core1:7687");
        // vLLM with the LoRA adapter, the DeepSeek reasoning parser, a GPU, and dxguard asking for the adapter
        assertThat(vllmArgs).contains("--enable-lora", "--lora-modules", "dxguard=/adapters/dxguard",
            "--reasoning-parser", "deepseek_r1");
        assertThat(vllmArgs.get(vllmArgs.indexOf("--reasoning-parser") + 1)).isEqualTo("deepseek_r1");
        assertThat(vllmArgs).anySatisfy(a -> assertThat(a).startsWith("--model=deepseek-ai/DeepSeek-R1-Distill"));
        assertThat(String.valueOf(vllm.get("deploy"))).contains("driver=nvidia").contains("capabilities=[gpu]");
        String port = vllmArgs.stream().filter(a -> a.startsWith("--port=")).findFirst().orElseThrow().substring(7);
        assertThat(dxEnv.get("DXGUARD_LLM_BASE_URL")).isEqualTo("http://vllm:" + port + "/v1");
        assertThat(dxEnv.get("DXGUARD_LLM_MODEL")).isEqualTo("dxguard");
    }

    @Test
    void should_build_a_non_root_image_with_health_check_and_volume_when_the_dockerfile_is_read() throws IOException {
        // given
        String dockerfile = read("deploy/Dockerfile");

        // then
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jdk AS build").contains("FROM eclipse-temurin:17-jre")
            .contains("./mvnw ").contains("USER dxguard").contains("EXPOSE 8080").contains("VOLUME [\"/var/lib/dxguard\"]")
            .contains("/health/live").contains("CMD [\"serve\"]");
        assertThat(dockerfile.indexOf("USER dxguard")).isGreaterThan(dockerfile.lastIndexOf("FROM "));
        assertThat(read("app/pom.xml")).contains("<finalName>dxguard</finalName>");
    }

    @Test
    void should_build_every_module_and_leave_synthea_libraries_out_when_the_image_is_built() throws IOException {
        // given
        String dockerfile = read("deploy/Dockerfile");
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
        while (m.find()) {
            modules.add(m.group(1));
        }

        // then: every module's pom is copied for the dependency layer, the application module is built and run
        assertThat(modules).contains("app", "bench", "cds-hooks-service");
        for (String module : modules) {
            assertThat(dockerfile).as("Dockerfile copies %s/pom.xml", module)
                .contains("COPY " + module + "/pom.xml " + module + "/");
        }
        assertThat(dockerfile).contains("-pl app -am package").contains("cp app/target/dxguard.jar /out/")
            .contains("cp app/target/lib/*.jar /out/lib/");
        // and, unless WITH_BENCH=true, with -Ddxguard.runtime-only, which app's pom turns into Synthea without its
        // libraries (the jar stays: the default graph reads its disease modules)
        assertThat(dockerfile).contains("ARG WITH_BENCH=false")
            .contains("$([ \"$WITH_BENCH\" = true ] || echo -Ddxguard.runtime-only)");
        String app = read("app/pom.xml");
        String runtimeOnly = app.substring(app.indexOf("<id>runtime-only</id>"));
        assertThat(runtimeOnly).contains("<name>dxguard.runtime-only</name>").contains("<artifactId>synthea</artifactId>")
            .contains("<exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion>");
        assertThat(read("cds-hooks-service/pom.xml")).doesNotContain("picocli")
            .containsPattern("<artifactId>synthea</artifactId><scope>test</scope>");
    }

    @Test
    void should_reference_only_existing_values_and_the_project_version_when_the_chart_is_read() throws IOException {
        // given
        Map<String, Object> chart = yaml("deploy/helm/dxguard/Chart.yaml");
        Map<String, Object> values = yaml("deploy/helm/dxguard/values.yaml");
        String templates = templates();

        // then: chart metadata and image of this version
        assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "dxguard")
            .containsEntry("appVersion", version);
        assertThat(map(values.get("image"), "image")).containsEntry("tag", version);
        // every .Values reference resolves
        Matcher m = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)").matcher(templates);
        Set<String> refs = new TreeSet<>();
        while (m.find()) {
            refs.add(m.group(1));
        }
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            Object node = values;
            for (String key : ref.split("\\.")) {
                Map<String, Object> level = map(node, ".Values." + ref);
                assertThat(level).as(".Values.%s", ref).containsKey(key);
                node = level.get(key);
            }
        });
        // a StatefulSet with one volume per replica, kept on scale-down; probes on the service's paths and port
        assertThat(templates).contains("kind: StatefulSet").contains("volumeClaimTemplates:")
            .contains("whenScaled: Retain").contains("readinessProbe:").contains("livenessProbe:")
            .contains("containerPort: 8080").contains("kind: HorizontalPodAutoscaler")
            .contains("kind: ServiceMonitor").contains("kind: ConfigMap");
        Map<String, Object> probes = map(values.get("probes"), "probes");
        assertThat(map(probes.get("readiness"), "readiness")).containsEntry("path", ReadinessRoute.PATH);
        assertThat(map(probes.get("liveness"), "liveness")).containsEntry("path", "/health/live");
        assertThat(map(values.get("service"), "service")).containsEntry("port", 8080);
        Map<String, Object> resources = map(values.get("resources"), "resources");
        assertThat(resources).containsKeys("requests", "limits");
        // llm.enabled: false is the evidence-only explainer (documented so), not the image's default small local model
        assertThat(templates).containsPattern("\\{\\{-? if \\.Values\\.llm\\.enabled }}[^{]*(\\{\\{[^}]*}}[^{]*)*?"
            + "\\{\\{-? else }}\\s*(#[^\\n]*\\s*)?- name: DXGUARD_LLM_EMBEDDED\\s+value: \"off\"");
        // secrets are referenced, never inlined
        assertThat(templates).doesNotContain("kind: Secret");
        assertThat(templates).contains("secretKeyRef");
    }

    @Test
    void should_document_and_read_every_variable_when_deployment_files_set_one() throws IOException {
        // given: the DXGUARD_* names the deployment files set in the container's environment (compose's own
        // ${DXGUARD_REPLICAS}-style interpolation variables are the host's, documented in example.env)
        Set<String> used = new TreeSet<>(env(service(yaml("deploy/compose.yaml"), "dxguard")).keySet());
        Matcher m = Pattern.compile("- name: (DXGUARD_[A-Z0-9_]+)|\\b(DXGUARD_[A-Z0-9_]+)=")
            .matcher(templates() + read("deploy/Dockerfile"));
        while (m.find()) {
            used.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        String docs = read("README.md") + read("llm-reasoner/README.md");
        String product = productSources();

        // then
        assertThat(used).contains("DXGUARD_METRICS_TOKEN", "DXGUARD_NEO4J_URI", "DXGUARD_LLM_BASE_URL");
        assertThat(used).allSatisfy(name -> {
            assertThat(docs).as("%s documented in README.md or llm-reasoner/README.md", name).contains(name);
            assertThat(product).as("%s read by the product", name).containsPattern(name + "(?![A-Z0-9_])");
        });
    }

    @Test
    void should_answer_200_on_every_probe_path_when_the_deployment_files_probe_a_real_service() throws IOException {
        // given: the probe paths of the Dockerfile, compose, nginx and the chart
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = Pattern.compile("/health/[a-z]+").matcher(read("deploy/Dockerfile") + read("deploy/compose.yaml")
            + read("deploy/nginx/nginx.conf") + read("deploy/helm/dxguard/values.yaml"));
        while (m.find()) {
            paths.add(m.group());
        }
        assertThat(paths).contains("/health/live", "/health/ready");

        // when / then
        try (TestServer server = TestServer.start()) {
            for (String path : paths) {
                assertThat(server.get(path, null).statusCode()).as("GET %s", path).isEqualTo(200);
            }
        }
    }

    private static String templates() throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(root.resolve("deploy/helm/dxguard/templates"))) {
            for (Path p : s.sorted().toList()) {
                b.append(Files.readString(p)).append('\n');
            }
        }
        return b.toString();
    }

    /** Main sources and resources of every module, plus the launchers. */
    private static String productSources() throws IOException {
        StringBuilder b = new StringBuilder(read("bin/dxguard")).append(read("deploy/docker-entrypoint.sh"));
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile)
                .filter(p -> p.toString().contains("/src/main/"))
                .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".xml")).toList()) {
                b.append(Files.readString(p));
            }
        }
        return b.toString();
    }
}
