// Every file a real server wrote (testdata/<release>/...) validates for that release and comes
// back byte for byte from the writer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nodesconf/analyze.h"
#include "nodesconf/write.h"

using namespace nodesconf;
namespace fs = std::filesystem;

namespace {

struct Capture {
    std::string release;
    fs::path path;
};

std::vector<Capture> captures() {
    std::vector<Capture> out;
    for (const auto& release : fs::directory_iterator(NODESCONF_TESTDATA)) {
        if (!release.is_directory()) continue;
        for (const auto& entry : fs::recursive_directory_iterator(release.path())) {
            const std::string name = entry.path().filename().string();
            if (entry.is_regular_file() && name.starts_with("nodes-") && name.ends_with(".conf"))
                out.push_back({release.path().filename().string(), entry.path()});
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Capture& a, const Capture& b) { return a.path < b.path; });
    return out;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

TEST(Golden, ThereAreCapturesOfEveryRelease) {
    std::set<std::string> releases;
    for (const Capture& c : captures()) releases.insert(c.release);
    EXPECT_EQ(releases, (std::set<std::string>{"redis-6.0.5", "redis-7.0.15", "redis-7.2.6",
                                               "redis-7.4.1", "valkey-8.0.1"}));
    EXPECT_EQ(captures().size(), 87u);  // every nodes-*.conf copied from shared/testdata
}

TEST(Golden, EveryCaptureValidatesAndRoundTripsForItsRelease) {
    for (const Capture& capture : captures()) {
        SCOPED_TRACE(capture.path.string());
        const std::string bytes = slurp(capture.path);
        const auto dialect = find_dialect(capture.release);
        ASSERT_TRUE(dialect);
        const Analysis analysis = analyze(bytes, *dialect);
        for (const Finding& f : analysis.result.findings) {
            EXPECT_NE(f.severity, Severity::error) << f.line << ":" << f.column << " " << f.message;
            // The one warning real captures carry: after CLUSTER RESET SOFT, 7002 became a master
            // with configEpoch 11, the same as 7004's — a real collision, not a parse artefact.
            if (f.severity == Severity::warning) {
                EXPECT_EQ(f.code, Code::duplicate_epoch) << f.message;
                EXPECT_NE(capture.path.string().find("j-after-reset-soft"), std::string::npos);
            }
        }
        EXPECT_EQ(write_config(analysis.result.config, *dialect), bytes);
    }
}

TEST(Golden, AutoTargetPicksTheWritersFormat) {
    for (const Capture& capture : captures()) {
        const std::string bytes = slurp(capture.path);
        const std::string family = detect_dialect(bytes).family;
        SCOPED_TRACE(capture.path.string());
        EXPECT_EQ(analyze(bytes, "auto")->dialect.family, family);  // one parse, same answer
        if (capture.release == "valkey-8.0.1")
            EXPECT_TRUE(family == "redis-7.4" || family == "valkey-8.0");  // no client-ipv* here
        else if (capture.release.starts_with("redis-7.2") ||
                 capture.release.starts_with("redis-7.4"))
            EXPECT_EQ(family, "redis-7.4");
        else
            EXPECT_EQ(family, "redis-7.0");
    }
}

TEST(Golden, NewerFilesReadByOlderReleasesWarnAboutTheTail) {
    const std::string bytes =
        slurp(fs::path(NODESCONF_TESTDATA) / "redis-7.2.6/a-fresh-cluster/nodes-7000.conf");
    const Analysis as70 = analyze(bytes, *find_dialect("redis-7.0"));
    EXPECT_FALSE(as70.result.has_errors());
    EXPECT_TRUE(std::any_of(as70.result.findings.begin(), as70.result.findings.end(),
                            [](const Finding& f) { return f.code == Code::hostname_aux_tail; }));
    // 7.0 keeps the tail as a hostname and writes it back unchanged.
    EXPECT_EQ(write_config(as70.result.config, *find_dialect("redis-7.0")), bytes);
    const Analysis as62 = analyze(bytes, *find_dialect("redis-6.2"));
    EXPECT_TRUE(std::any_of(as62.result.findings.begin(), as62.result.findings.end(),
                            [](const Finding& f) { return f.code == Code::address_tail_ignored; }));
}
