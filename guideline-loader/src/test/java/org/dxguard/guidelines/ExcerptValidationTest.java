package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.guidelines.internal.ExcerptParser;
import org.dxguard.model.GuidelineExcerpt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcerptValidationTest {

    private static String fixture(String name) throws IOException {
        try (var in = ExcerptValidationTest.class.getResourceAsStream("/fixtures/excerpts/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void should_report_every_problem_with_file_and_line_when_excerpts_are_invalid() throws IOException {
        // given a file with a missing citation, a bad id, a short text and an unknown key
        List<String> problems = new ArrayList<>();

        // when
        List<ExcerptParser.Parsed> parsed = ExcerptParser.parse("tst", "tst/excerpts.yaml", fixture("broken.yaml"),
            problems);

        // then nothing is used and each problem names its line
        assertThat(parsed).isEmpty();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("tst/excerpts.yaml:6: excerpt TST-EXC-002")
                .contains("missing 'citation'"))
            .anySatisfy(p -> assertThat(p).startsWith("tst/excerpts.yaml:9: excerpt tst-exc-003").contains("id must"))
            .anySatisfy(p -> assertThat(p).startsWith("tst/excerpts.yaml:9:").contains("text is 6 characters"))
            .anySatisfy(p -> assertThat(p).startsWith("tst/excerpts.yaml:13:").contains("unknown key 'colour'"));
    }

    @Test
    void should_read_the_chinese_text_beside_the_english_when_an_excerpt_has_a_zh_mapping() throws IOException {
        // given the first excerpt of the fixture alone (the others are broken on purpose)
        String yaml = fixture("chinese.yaml");
        String first = yaml.substring(0, yaml.indexOf("  - id: TST-EXC-011"));
        List<String> problems = new ArrayList<>();

        // when
        List<ExcerptParser.Parsed> parsed = ExcerptParser.parse("tst", "tst/excerpts.yaml", first, problems);

        // then both languages are there, and a language without a translation falls back to English
        assertThat(problems).isEmpty();
        GuidelineExcerpt e = parsed.get(0).excerpt();
        assertThat(e.title("zh")).isEqualTo("二甲双胍与肾功能");
        assertThat(e.text("zh")).startsWith("开始使用二甲双胍前应检测eGFR");
        assertThat(e.hasLanguage("zh")).isTrue();
        assertThat(e.text("en")).startsWith("Check eGFR").isEqualTo(e.text());
        assertThat(e.title("fr")).isEqualTo("Metformin and kidney function");
    }

    @Test
    void should_report_each_problem_of_a_chinese_text_with_its_line_when_it_is_too_short_or_incomplete()
        throws IOException {
        // given a too short Chinese text, and one without a title and with an unknown key
        List<String> problems = new ArrayList<>();

        // when
        List<ExcerptParser.Parsed> parsed = ExcerptParser.parse("tst", "tst/excerpts.yaml", fixture("chinese.yaml"),
            problems);

        // then
        assertThat(parsed).isEmpty();
        assertThat(problems)
            .anySatisfy(p -> assertThat(p).startsWith("tst/excerpts.yaml:11: excerpt TST-EXC-011")
                .contains("zh.text is 3 characters"))
            .anySatisfy(p -> assertThat(p).startsWith("tst/excerpts.yaml:19: excerpt TST-EXC-012")
                .contains("missing 'zh.title'"))
            .anySatisfy(p -> assertThat(p).startsWith("tst/excerpts.yaml:26:").contains("unknown key 'colour'"));
    }

    @Test
    void should_have_a_chinese_text_for_every_packaged_excerpt_when_the_defaults_are_used() {
        // given / when
        try (GuidelineRepository repo = GuidelineRepository.packagedDefaults()) {
            // then (issue 19: a Chinese question retrieves and cites Chinese text)
            assertThat(repo.excerpts()).allSatisfy(e -> {
                assertThat(e.hasLanguage("zh")).as(e.id()).isTrue();
                assertThat(e.text("zh").length()).isBetween(ExcerptParser.MIN_TEXT_ZH, ExcerptParser.MAX_TEXT_ZH);
                assertThat(e.text("zh")).containsPattern("\\p{IsHan}");
            });
        }
    }

    @Test
    void should_refuse_the_packages_when_two_excerpts_share_an_id() throws IOException {
        // given the mini fixture package with excerpts, and a copy of it under another id with the same excerpt id
        Path dir = Files.createTempDirectory("excerpts");
        copyMini(dir.resolve("older-adults"), "older-adults");
        copyMini(dir.resolve("older-adults-2"), "older-adults-2");
        String excerpt = "excerpts:\n  - id: OLD-EXC-001\n    title: Glyburide\n    text: Avoid glyburide in"
            + " adults aged 65 or over because it causes prolonged hypoglycaemia.\n    citation: \"AGS Beers 2023\"\n";
        Files.writeString(dir.resolve("older-adults/excerpts.yaml"), excerpt);
        Files.writeString(dir.resolve("older-adults-2/excerpts.yaml"), excerpt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        int code = GuidelineCommands.validate(dir, new PrintStream(out, true, StandardCharsets.UTF_8));

        // then
        assertThat(code).isEqualTo(GuidelineCommands.PROBLEMS);
        assertThat(out.toString(StandardCharsets.UTF_8))
            .contains("older-adults-2/excerpts.yaml:2: excerpt id OLD-EXC-001 is already used at older-adults/excerpts.yaml:2");
    }

    @Test
    void should_report_dxg_0920_when_an_excerpt_lacks_a_language_its_package_declares() throws IOException {
        // given the mini package declaring Chinese, one excerpt with a Chinese text and one without
        Path dir = Files.createTempDirectory("excerpts-zh");
        copyMini(dir.resolve("older-adults"), "older-adults");
        Path meta = dir.resolve("older-adults/package.yaml");
        Files.writeString(meta, Files.readString(meta).replaceFirst("(?m)^id: .*$", "$0\nlanguages: [en, zh-CN]"));
        Files.writeString(dir.resolve("older-adults/excerpts.yaml"), "excerpts:\n"
            + "  - id: OLD-EXC-001\n    title: Glyburide\n    text: Avoid glyburide in adults aged 65 or over because"
            + " it causes prolonged hypoglycaemia.\n    citation: \"AGS Beers 2023\"\n"
            + "    zh:\n      title: 格列本脲\n      text: 65岁及以上成人应避免使用格列本脲，因其可导致持续低血糖。\n"
            + "  - id: OLD-EXC-002\n    title: Glipizide\n    text: Glipizide is preferred over glyburide in older"
            + " adults because its hypoglycaemia risk is lower.\n    citation: \"AGS Beers 2023\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        int code = GuidelineCommands.validate(dir, new PrintStream(out, true, StandardCharsets.UTF_8));

        // then the excerpt without Chinese is named with its line; the one with Chinese is not
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(GuidelineCommands.PROBLEMS);
        assertThat(report).contains("DXG-0920: older-adults/excerpts.yaml:9: excerpt OLD-EXC-002 has no 'zh' text, "
            + "but the package declares zh-CN").doesNotContain("excerpt OLD-EXC-001 has no");
    }

    @Test
    void should_load_the_packaged_excerpts_with_unique_ids_and_citations_when_the_defaults_are_used() {
        // given / when
        try (GuidelineRepository repo = GuidelineRepository.packagedDefaults()) {
            List<GuidelineExcerpt> excerpts = repo.excerpts();

            // then
            assertThat(excerpts).hasSizeBetween(25, 45);
            assertThat(excerpts).extracting(GuidelineExcerpt::id).doesNotHaveDuplicates();
            assertThat(excerpts).allSatisfy(e -> {
                assertThat(e.citation()).isNotBlank();
                assertThat(e.text().length()).isBetween(ExcerptParser.MIN_TEXT, ExcerptParser.MAX_TEXT);
            });
            assertThat(excerpts).extracting(GuidelineExcerpt::packageId)
                .contains("ada-diabetes", "contraindications", "onc-ddi", "differential");
        }
    }

    @Test
    void should_count_excerpts_when_validating_the_packaged_guidelines(@TempDir Path dir) throws IOException {
        // given the packaged guidelines exported to a directory
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GuidelineCommands.export(dir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // when
        int code = GuidelineCommands.validate(dir, new PrintStream(out, true, StandardCharsets.UTF_8));

        // then
        assertThat(code).isEqualTo(GuidelineCommands.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("package differential@1.0.0 [draft] 0 rules, 0 scenarios, 22 excerpts")
            .containsPattern("RESULT: VALID \\(\\d+ rules, \\d+ scenarios, 40 excerpts\\)");
    }

    private static void copyMini(Path target, String id) throws IOException {
        Path src = Path.of("src/test/resources/fixtures/mini/older-adults");
        try (var files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    String text = Files.readString(p);
                    if (p.getFileName().toString().equals("package.yaml")) {
                        text = text.replaceFirst("(?m)^id: .*$", "id: " + id);
                    }
                    if (!id.equals("older-adults")) {
                        text = text.replace("MINI-SU-001", "MINI2-SU-001");
                    }
                    Files.writeString(t, text);
                }
            }
        }
    }
}
