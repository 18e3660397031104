// nodesconf diff: what changed between two versions of a nodes.conf, keyed by node id.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "nodesconf/diff.h"

namespace nodesconf::cli {

namespace {

struct DiffCliOptions {
    std::string old_file, new_file;
    std::string target = "auto";
    std::string format = "text";
    bool all = false;
    bool live = false;
};

int run_diff(const DiffCliOptions& options) {
    auto before = load_file(options.old_file, options.target);
    auto after = load_file(options.new_file, options.target);
    if (!before || !after) return kTrouble;
    if (options.live) after->live = true;
    const auto changes =
        diff_configs({&before->result.config, &before->dialect, before->live},
                     {&after->result.config, &after->dialect, after->live}, {options.all});
    if (options.format == "json") {
        JsonWriter json;
        json.begin_object().key("schema_version").value(1);
        for (const auto* side : {&*before, &*after})
            json.key(side == &*before ? "old" : "new")
                .begin_object()
                .key("file")
                .value(side->input.name)
                .key("target")
                .value(side->dialect.name)
                .key("live")
                .value(side->live)
                .end_object();
        json.key("changes").begin_array();
        for (const Change& c : changes)
            json.begin_object()
                .key("kind")
                .value(change_kind_name(c.kind))
                .key("node")
                .value(c.node)
                .key("what")
                .value(c.what)
                .key("before")
                .value(c.before)
                .key("after")
                .value(c.after)
                .end_object();
        json.end_array().end_object();
        fmt::print("{}", json.str());
    } else {
        for (const Change& c : changes) fmt::print("{}\n", c.describe());
    }
    return changes.empty() ? kOk : kNo;
}

}  // namespace

void setup_diff(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<DiffCliOptions>();
    CLI::App* cmd = app.add_subcommand(
        "diff",
        "Semantic differences between two nodes.conf files (or a file and a CLUSTER NODES reply)");
    add_target_option(*cmd, options->target);
    cmd->add_option("--format", options->format, "text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_val("text");
    cmd->add_flag("--all", options->all, "Also ping/pong times and link state");
    cmd->add_flag("--live", options->live,
                  "NEW is a CLUSTER NODES reply (detected anyway when it has no vars line)");
    cmd->add_option("old", options->old_file, "The old file ('-' for standard input)")->required();
    cmd->add_option("new", options->new_file, "The new file ('-' for standard input)")->required();
    cmd->callback([options, &exit_code] { exit_code = run_diff(*options); });
}

}  // namespace nodesconf::cli
