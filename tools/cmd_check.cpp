// nodesconf check: do the files of one stopped cluster agree?
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "nodesconf/cluster_check.h"

namespace nodesconf::cli {

namespace {

struct CheckCliOptions {
    std::vector<std::string> files;
    std::string target = "auto";
    std::string format = "text";
    unsigned jobs = 0;  // 0: every core
};

// Reads and parses the files on `jobs` threads; troubles are reported afterwards, in file order.
std::optional<std::vector<LoadedFile>> load_all(const CheckCliOptions& options) {
    const std::size_t count = options.files.size();
    std::vector<LoadAttempt> attempts(count);
    for_each_index(count, options.jobs, [&](std::size_t i) {
        attempts[i] = try_load(options.files[i], options.target);
        // Only the models are compared: a cluster's worth of file bytes need not stay.
        if (attempts[i].trouble.empty()) std::string().swap(attempts[i].file.input.bytes);
    });

    std::vector<LoadedFile> loaded;
    bool trouble = false;
    for (LoadAttempt& attempt : attempts) {
        if (auto file = report_load(std::move(attempt)))
            loaded.push_back(std::move(*file));
        else
            trouble = true;
    }
    if (trouble) return std::nullopt;
    return loaded;
}

int run_check(const CheckCliOptions& options) {
    auto all = load_all(options);
    if (!all) return kTrouble;
    const std::vector<LoadedFile>& loaded = *all;
    std::vector<ClusterFile> files;
    for (const LoadedFile& f : loaded)
        files.push_back({f.input.name, &f.result.config, &f.dialect});
    const ClusterReport report = check_cluster(files);

    if (options.format == "json") {
        JsonWriter json;
        json.begin_object().key("schema_version").value(1).key("files").begin_array();
        for (const LoadedFile& f : loaded) {
            const std::int32_t me = f.result.config.myself();
            json.begin_object()
                .key("file")
                .value(f.input.name)
                .key("target")
                .value(f.dialect.name)
                .key("myself");
            if (me == kNoNode)
                json.null();
            else
                json.value(f.result.config.nodes[me].id.view());
            json.end_object();
        }
        json.end_array()
            .key("consistent")
            .value(report.consistent())
            .key("slots_agree")
            .value(report.slots_agree)
            .key("open_slots")
            .begin_array();
        for (int s : report.open_slots) json.value(s);
        json.end_array().key("uncovered").begin_array();
        for (const SlotRange& r : to_ranges(report.uncovered))
            json.begin_array().value(r.first).value(r.last).end_array();
        json.end_array().key("problems").begin_array();
        for (const ClusterProblem& p : report.problems)
            json.begin_object()
                .key("code")
                .value(p.code)
                .key("severity")
                .value(severity_name(p.severity))
                .key("file")
                .value(p.file)
                .key("message")
                .value(p.message)
                .end_object();
        json.end_array().key("disagreements").begin_array();
        for (const SlotDisagreement& d : report.disagreements) {
            json.begin_object()
                .key("slots")
                .begin_array()
                .value(d.range.first)
                .value(d.range.last)
                .end_array()
                .key("views")
                .begin_array();
            for (const SlotView& v : d.views)
                json.begin_object()
                    .key("file")
                    .value(v.file)
                    .key("owner")
                    .value(v.owner)
                    .key("owner_epoch")
                    .value(static_cast<std::uint64_t>(v.owner_epoch))
                    .end_object();
            json.end_array().key("converges_to").value(d.converges_to).end_object();
        }
        json.end_array().end_object();
        fmt::print("{}", json.str());
        return report.consistent() ? kOk : kNo;
    }

    for (const ClusterProblem& p : report.problems)
        fmt::print(stderr, "{}: {}: {} [{}]\n", p.file.empty() ? "cluster" : p.file,
                   severity_name(p.severity), p.message, p.code);
    if (!globals().quiet) {
        fmt::print(">>> {}: {}, {}\n", counted(loaded.size(), "file"),
                   counted(report.masters, "master"), counted(report.replicas, "replica"));
        fmt::print("{}\n", report.slots_agree ? "[OK] All nodes agree about slots configuration."
                                              : "[ERR] Nodes don't agree about configuration!");
        if (report.open_slots.empty())
            fmt::print("[OK] No open slots.\n");
        else
            fmt::print("[WARNING] The following slots are open: {}.\n",
                       fmt::join(report.open_slots, ","));
        if (report.uncovered.none())
            fmt::print("[OK] All 16384 slots covered.\n");
        else
            fmt::print("[ERR] Not all 16384 slots are covered by nodes: {}.\n",
                       format_ranges(report.uncovered));
        for (const SlotDisagreement& d : report.disagreements) {
            std::string range;
            append_range(range, d.range);
            fmt::print("slots {}:\n", range);
            for (const SlotView& v : d.views)
                fmt::print("  {}: {}{}\n", v.file,
                           v.owner.empty() ? "(no owner)" : v.owner.substr(0, 8),
                           v.owner.empty() ? "" : fmt::format(" (configEpoch {})", v.owner_epoch));
            if (!d.converges_to.empty())
                fmt::print("  gossip converges to {} (the highest configEpoch)\n",
                           d.converges_to.substr(0, 8));
        }
        fmt::print("{}\n", report.consistent() ? "consistent" : "NOT consistent");
    }
    return report.consistent() ? kOk : kNo;
}

}  // namespace

void setup_check(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<CheckCliOptions>();
    CLI::App* cmd = app.add_subcommand("check",
                                       "Do the files of one stopped cluster (one per node) agree? "
                                       "The offline redis-cli --cluster check, and more");
    add_target_option(*cmd, options->target);
    cmd->add_option("--format", options->format, "text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_val("text");
    cmd->add_option("-j,--jobs", options->jobs, "Files read at once (default: every core)");
    cmd->add_option("files", options->files, "One nodes.conf per node (or CLUSTER NODES replies)")
        ->required();
    cmd->callback([options, &exit_code] { exit_code = run_check(*options); });
}

}  // namespace nodesconf::cli
