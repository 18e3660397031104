// nodesconf validate: would the target server load these files, and what would it change?
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "nodesconf/analyze.h"
#include "nodesconf/file_io.h"

namespace nodesconf::cli {

namespace {

struct ValidateOptions {
    std::string target = "auto";
    bool strict = false;
    std::string format = "text";
    bool require_unlocked = false;
    std::vector<std::string> files;
};

// Who else has the file: a lock on it (or on an earlier, deleted inode of it), or a listener on
// its myself node's port. The pre-start check against a second server on the same nodes.conf.
std::vector<FileUser> users_of(const std::string& path, const Config& config) {
    std::vector<FileUser> users = file_users(path);
    const std::int32_t me = config.myself();
    if (me != kNoNode && config.nodes[me].port > 0)
        if (auto listener = port_listener(config.nodes[me].port)) users.push_back(*listener);
    return users;
}

int run_validate(const ValidateOptions& options) {
    const bool json_output = options.format == "json";
    JsonWriter json;
    json.begin_object().key("schema_version").value(1).key("files").begin_array();
    int exit_code = kOk;

    for (const std::string& path : options.files) {
        const Input input = read_input(path);
        if (!input.error.empty()) {
            if (json_output)
                json.begin_object()
                    .key("file")
                    .value(input.name)
                    .key("error")
                    .value(input.error)
                    .end_object();
            else
                report_trouble(input.name, input.error);
            exit_code = kTrouble;
            continue;
        }
        const auto dialect = resolve_target_or_report(options.target, input.bytes, input.name);
        if (!dialect) return kTrouble;
        Analysis analysis = analyze(input.bytes, *dialect);
        auto& findings = analysis.result.findings;
        findings.insert(findings.begin(), input.file_findings.begin(), input.file_findings.end());
        FindingCounts counts = count_findings(findings);
        const auto& dropped = analysis.result.findings_dropped;
        counts.notes += dropped[0], counts.warnings += dropped[1], counts.errors += dropped[2];
        bool valid = counts.errors == 0 && !(options.strict && counts.warnings > 0);
        std::vector<FileUser> users;
        if (options.require_unlocked && path != "-") {
            users = users_of(path, analysis.result.config);
            if (!users.empty()) valid = false;
        }
        if (!valid && exit_code == kOk) exit_code = kNo;

        if (json_output) {
            json.begin_object()
                .key("file")
                .value(input.name)
                .key("target")
                .value(dialect->name)
                .key("target_auto")
                .value(options.target == "auto")
                .key("valid")
                .value(valid)
                .key("nodes")
                .value(static_cast<std::uint64_t>(analysis.result.config.nodes.size()))
                .key("errors")
                .value(static_cast<std::uint64_t>(counts.errors))
                .key("warnings")
                .value(static_cast<std::uint64_t>(counts.warnings))
                .key("notes")
                .value(static_cast<std::uint64_t>(counts.notes))
                .key("findings");
            write_findings_json(json, findings);
            json.end_object();
            continue;
        }
        print_findings(stderr, input, findings);
        if (const std::size_t more = dropped[0] + dropped[1] + dropped[2])
            fmt::print(stderr,
                       "{}: {} more findings not shown ({} errors, {} warnings, {} notes)\n",
                       input.name, more, dropped[2], dropped[1], dropped[0]);
        for (const FileUser& user : users)
            fmt::print(stderr, "{}: in use: {}\n", input.name, user.describe());
        if (globals().quiet) continue;
        if (!users.empty()) {
            fmt::print("{}: in use (--require-unlocked)\n", input.name);
            continue;
        }
        const std::string label = target_label(*dialect, options.target);
        if (valid)
            fmt::print("{}: valid for {}: {} nodes, {} warning{}, {} note{}\n", input.name, label,
                       analysis.result.config.nodes.size(), counts.warnings,
                       counts.warnings == 1 ? "" : "s", counts.notes, counts.notes == 1 ? "" : "s");
        else
            fmt::print("{}: {} for {}: {} error{}, {} warning{}\n", input.name,
                       counts.errors ? "invalid" : "not clean (--strict)", label, counts.errors,
                       counts.errors == 1 ? "" : "s", counts.warnings,
                       counts.warnings == 1 ? "" : "s");
    }
    if (json_output) {
        json.end_array().end_object();
        fmt::print("{}", json.str());
    }
    return exit_code;
}

}  // namespace

void setup_validate(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ValidateOptions>();
    CLI::App* cmd = app.add_subcommand(
        "validate",
        "Check that the target server would load each file, and report what it would "
        "change");
    add_target_option(*cmd, options->target);
    cmd->add_flag("--strict", options->strict, "Fail on warnings too");
    cmd->add_option("--format", options->format, "Output: text (diagnostics on stderr) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_val("text");
    cmd->add_flag("--require-unlocked", options->require_unlocked,
                  "Also fail when a process holds or uses the file (a pre-start check against a "
                  "second server on the same nodes.conf)");
    cmd->add_option("files", options->files, "nodes.conf files ('-' for standard input)")
        ->required();
    cmd->callback([options, &exit_code] { exit_code = run_validate(*options); });
}

}  // namespace nodesconf::cli
