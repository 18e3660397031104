// nodesconf dump: the file as the target server would hold it and write it back.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "nodesconf/analyze.h"
#include "nodesconf/write.h"

namespace nodesconf::cli {

namespace {

struct DumpOptions {
    std::string target = "auto";
    std::string format = "nodes";
    std::string file;
};

std::string_view id_or_dash(const Config& config, std::int32_t index, std::size_t prefix) {
    return index == kNoNode ? std::string_view("-") : config.nodes[index].id.prefix(prefix);
}

std::string address_of(const Node& node) {
    std::string out = fmt::format("{}:{}@{}", node.ip, node.port, node.cport);
    if (!node.hostname.empty()) out += "," + node.hostname;
    return out;
}

void print_json(const Input& input, const Analysis& analysis, std::string_view requested) {
    const Config& config = analysis.result.config;
    const Dialect& dialect = analysis.dialect;
    const auto ranges = config.ranges_by_node();
    JsonWriter json;
    json.begin_object()
        .key("schema_version")
        .value(1)
        .key("file")
        .value(input.name)
        .key("target")
        .value(dialect.name)
        .key("target_auto")
        .value(requested == "auto")
        .key("nodes")
        .begin_array();
    for (std::size_t i = 0; i < config.nodes.size(); ++i) {
        const Node& node = config.nodes[i];
        json.begin_object()
            .key("id")
            .value(node.id.view())
            .key("ip")
            .value(node.ip)
            .key("port")
            .value(node.port)
            .key("cport")
            .value(node.cport)
            .key("hostname")
            .value(node.hostname)
            .key("aux")
            .begin_object();
        for (const AuxField& aux : node.aux) json.key(aux.key).value(aux.value);
        json.end_object().key("flags").begin_array();
        for (const FlagName& flag : kFlagNames)
            if (node.has(flag.flag)) json.value(flag.name);
        json.end_array().key("master");
        if (node.master == kNoNode)
            json.null();
        else
            json.value(config.nodes[node.master].id.view());
        json.key("ping_sent")
            .value(static_cast<std::int64_t>(node.ping_sent))
            .key("pong_received")
            .value(static_cast<std::int64_t>(node.pong_received))
            .key("config_epoch")
            .value(static_cast<std::uint64_t>(node.config_epoch))
            .key("written_config_epoch")
            .value(static_cast<std::uint64_t>(config.written_epoch(
                static_cast<std::int32_t>(i), dialect.writes_master_epoch_for_replicas)))
            .key("link_state")
            .value(node.connected || node.has(kMyself) ? "connected" : "disconnected")
            .key("slots")
            .begin_array();
        for (const SlotRange& range : ranges[i])
            json.begin_array().value(range.first).value(range.last).end_array();
        json.end_array()
            .key("placeholder")
            .value(node.placeholder)
            .key("line")
            .value(node.line)
            .end_object();
    }
    json.end_array().key("open_slots").begin_array();
    for (const OpenSlot& open : config.open_slots()) {
        json.begin_object().key("slot").value(open.slot).key("migrating_to");
        if (open.migrating_to == kNoNode)
            json.null();
        else
            json.value(config.nodes[open.migrating_to].id.view());
        json.key("importing_from");
        if (open.importing_from == kNoNode)
            json.null();
        else
            json.value(config.nodes[open.importing_from].id.view());
        json.end_object();
    }
    json.end_array()
        .key("vars")
        .begin_object()
        .key("current_epoch")
        .value(static_cast<std::uint64_t>(config.vars.current_epoch))
        .key("last_vote_epoch")
        .value(static_cast<std::uint64_t>(config.vars.last_vote_epoch))
        .end_object()
        .key("findings");
    write_findings_json(json, analysis.result.findings);
    json.end_object();
    fmt::print("{}", json.str());
}

void print_table(const Input& input, const Analysis& analysis, std::string_view requested) {
    const Config& config = analysis.result.config;
    const auto ranges = config.ranges_by_node();
    fmt::print("{} ({}): {}, currentEpoch {}, lastVoteEpoch {}\n", input.name,
               target_label(analysis.dialect, requested), counted(config.nodes.size(), "node"),
               config.vars.current_epoch, config.vars.last_vote_epoch);
    std::size_t address_width = 7;
    for (const Node& node : config.nodes)
        address_width = std::max(address_width, address_of(node).size());
    fmt::print("{:<8}  {:<{}}  {:<14}  {:<8}  {:>5}  {}\n", "ID", "ADDRESS", address_width, "ROLE",
               "MASTER", "EPOCH", "SLOTS");
    for (std::size_t i = 0; i < config.nodes.size(); ++i) {
        const Node& node = config.nodes[i];
        const auto index = static_cast<std::int32_t>(i);
        std::string role = node.has(kMaster) ? "master" : node.has(kSlave) ? "replica" : "none";
        if (node.has(kMyself)) role += ",myself";
        if (node.has(kFail))
            role += ",fail";
        else if (node.has(kPfail))
            role += ",fail?";
        if (node.has(kNoaddr)) role += ",noaddr";
        if (node.has(kHandshake)) role += ",handshake";
        if (node.placeholder) role = "placeholder";
        std::string slots;
        for (const SlotRange& range : ranges[i]) {
            if (!slots.empty()) slots += ',';
            append_range(slots, range);
        }
        fmt::print("{:<8}  {:<{}}  {:<14}  {:<8}  {:>5}  {}\n", node.id.prefix(8), address_of(node),
                   address_width, role, id_or_dash(config, node.master, 8),
                   config.written_epoch(index, analysis.dialect.writes_master_epoch_for_replicas),
                   slots.empty() ? "-" : slots);
    }
    const auto open = config.open_slots();
    if (!open.empty()) {
        fmt::print("open slots:\n");
        for (const OpenSlot& slot : open) {
            if (slot.migrating_to != kNoNode)
                fmt::print("  {} migrating to {}\n", slot.slot,
                           id_or_dash(config, slot.migrating_to, 8));
            if (slot.importing_from != kNoNode)
                fmt::print("  {} importing from {}\n", slot.slot,
                           id_or_dash(config, slot.importing_from, 8));
        }
    }
}

int run_dump(const DumpOptions& options) {
    const Input input = read_input(options.file);
    if (!input.error.empty()) {
        report_trouble(input.name, input.error);
        return kTrouble;
    }
    auto analyzed = analyze_or_report(input.bytes, options.target, input.name);
    if (!analyzed) return kTrouble;
    Analysis& analysis = *analyzed;
    const Dialect* dialect = &analysis.dialect;
    auto& findings = analysis.result.findings;
    findings.insert(findings.begin(), input.file_findings.begin(), input.file_findings.end());
    const bool has_errors = analysis.result.has_errors();

    if (options.format == "json") {
        print_json(input, analysis, options.target);
        return has_errors ? kNo : kOk;
    }
    if (!globals().quiet || has_errors)
        print_findings(stderr, input, analysis.result.findings,
                       has_errors ? Severity::error : Severity::warning);
    if (has_errors) {
        report_trouble(input.name,
                       fmt::format("{} would not load this file; nothing to dump", dialect->name));
        return kNo;
    }
    if (analysis.result.empty_file) {
        report_trouble(input.name, "empty file: the server would start as a new node");
        return kNo;
    }
    if (options.format == "table")
        print_table(input, analysis, options.target);
    else
        fmt::print("{}", write_config(analysis.result.config, *dialect));
    return kOk;
}

}  // namespace

void setup_dump(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<DumpOptions>();
    CLI::App* cmd =
        app.add_subcommand("dump", "Print the file as the target server would load and rewrite it");
    add_target_option(*cmd, options->target);
    cmd->add_option("--format", options->format,
                    "nodes: the file as the server rewrites it; json: the full model; table: for "
                    "people")
        ->check(CLI::IsMember({"nodes", "json", "table"}))
        ->default_val("nodes");
    cmd->add_option("file", options->file, "nodes.conf file ('-' for standard input)")->required();
    cmd->callback([options, &exit_code] { exit_code = run_dump(*options); });
}

}  // namespace nodesconf::cli
