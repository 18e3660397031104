// nodesconf validate: would the target server load these files, and what would it change?
// Files are checked in parallel (-j) and reported in the order given.
#include <algorithm>
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
    unsigned jobs = 0;  // 0: every core
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

// One file's verdict, rendered: what goes to stdout and stderr, or its JSON object.
struct FileVerdict {
    int exit_code = kOk;
    std::string out, err, json;
};

FileVerdict validate_one(const ValidateOptions& options, const std::string& path, bool color) {
    FileVerdict v;
    const bool json_output = options.format == "json";
    const Input input = read_input(path);
    if (!input.error.empty()) {
        v.exit_code = kTrouble;
        if (json_output) {
            JsonWriter json;
            json.begin_object()
                .key("file")
                .value(input.name)
                .key("error")
                .value(input.error)
                .end_object();
            v.json = json.str();
            v.json.pop_back();
        } else {
            v.err = fmt::format("{}: {}\n", input.name, input.error);
        }
        return v;
    }
    auto analyzed = analyze(input.bytes, options.target);
    if (!analyzed) {
        v.exit_code = kTrouble;
        v.err = fmt::format("{}: {}\n", input.name, unknown_target(options.target));
        return v;
    }
    Analysis& analysis = *analyzed;
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
    if (!valid) v.exit_code = kNo;

    if (json_output) {
        JsonWriter json;
        json.begin_object()
            .key("file")
            .value(input.name)
            .key("target")
            .value(analysis.dialect.name)
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
            .value(static_cast<std::uint64_t>(counts.notes));
        if (options.require_unlocked) {
            json.key("in_use_by").begin_array();
            for (const FileUser& user : users)
                json.begin_object()
                    .key("pid")
                    .value(user.pid)
                    .key("command")
                    .value(user.command)
                    .key("how")
                    .value(user.how)
                    .end_object();
            json.end_array();
        }
        json.key("findings");
        write_findings_json(json, findings);
        json.end_object();
        v.json = json.str();
        v.json.pop_back();
        return v;
    }
    v.err = format_findings(input, findings, color);
    if (const std::size_t more = dropped[0] + dropped[1] + dropped[2])
        v.err += fmt::format("{}: {} not shown ({}, {}, {})\n", input.name,
                             counted(more, "more finding"), counted(dropped[2], "error"),
                             counted(dropped[1], "warning"), counted(dropped[0], "note"));
    for (const FileUser& user : users)
        v.err += fmt::format("{}: in use: {}\n", input.name, user.describe());
    if (globals().quiet) return v;
    const std::string label = target_label(analysis.dialect, options.target);
    if (!users.empty())
        v.out = fmt::format("{}: in use (--require-unlocked)\n", input.name);
    else if (valid)
        v.out = fmt::format("{}: valid for {}: {}, {}, {}\n", input.name, label,
                            counted(analysis.result.config.nodes.size(), "node"),
                            counted(counts.warnings, "warning"), counted(counts.notes, "note"));
    else
        v.out = fmt::format("{}: {} for {}: {}, {}\n", input.name,
                            counts.errors ? "invalid" : "not clean (--strict)", label,
                            counted(counts.errors, "error"), counted(counts.warnings, "warning"));
    return v;
}

int run_validate(const ValidateOptions& options) {
    const std::size_t count = options.files.size();
    std::vector<FileVerdict> verdicts(count);
    const bool color = color_enabled(stderr);
    for_each_index(count, options.jobs, [&](std::size_t i) {
        verdicts[i] = validate_one(options, options.files[i], color);
    });

    int exit_code = kOk;
    for (const FileVerdict& v : verdicts) exit_code = std::max(exit_code, v.exit_code);
    if (options.format == "json") {
        JsonWriter json;
        json.begin_object().key("schema_version").value(1).key("files").begin_array();
        for (const FileVerdict& v : verdicts) json.raw(v.json);
        json.end_array().end_object();
        fmt::print("{}", json.str());
        for (const FileVerdict& v : verdicts) std::fputs(v.err.c_str(), stderr);
        return exit_code;
    }
    for (const FileVerdict& v : verdicts) {
        std::fputs(v.err.c_str(), stderr);
        std::fputs(v.out.c_str(), stdout);
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
    cmd->add_option("-j,--jobs", options->jobs, "Files checked at once (default: every core)");
    cmd->add_option("files", options->files, "nodes.conf files ('-' for standard input)")
        ->required();
    cmd->callback([options, &exit_code] { exit_code = run_validate(*options); });
}

}  // namespace nodesconf::cli
