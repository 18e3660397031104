// nodesconf remap / forget / fix-shard-ids: structured node edits across a stopped cluster's files.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "nodesconf/edit_nodes.h"
#include "nodesconf/select.h"
#include "write_options.h"

namespace nodesconf::cli {

namespace {

struct RemapOptions {
    std::vector<std::string> files, maps;
    std::string map_file, myself_ip;
    bool allow_unmatched = false;
    WriteCliOptions write;
};

int run_remap(const RemapOptions& options) {
    std::vector<RemapEntry> entries;
    std::string error;
    for (const std::string& text : options.maps) {
        auto entry = parse_remap_entry(text, error);
        if (!entry) {
            report_trouble("nodesconf remap", "--map " + error);
            return kTrouble;
        }
        entries.push_back(*entry);
    }
    if (!options.map_file.empty()) {
        const Input file = read_input(options.map_file);
        if (!file.error.empty()) {
            report_trouble(file.name, file.error);
            return kTrouble;
        }
        auto more = parse_remap_file(file.bytes, error);
        if (!more) {
            report_trouble(file.name, error);
            return kTrouble;
        }
        entries.insert(entries.end(), more->begin(), more->end());
    }
    std::optional<std::string> myself_ip;
    if (!options.myself_ip.empty()) {
        auto ip = parse_address_pattern(options.myself_ip, error);
        if (!ip || ip->port) {
            report_trouble("nodesconf remap",
                           "--myself-ip " + (ip ? "takes an address without a port" : error));
            return kTrouble;
        }
        myself_ip = ip->ip;
    }
    if (entries.empty() && !myself_ip) {
        report_trouble("nodesconf remap",
                       "nothing to do: give --map OLD=NEW, --map-file F or --myself-ip IP");
        return kTrouble;
    }
    const auto write = to_write_options(options.write);
    if (!write) return kTrouble;
    std::vector<bool> used_anywhere(entries.size(), false);
    const EditReport report =
        edit_files(options.files, *write, [&](Config& config, const Dialect&, std::size_t file) {
            EditOutcome outcome;
            std::vector<bool> used;
            if (auto refusal =
                    remap_addresses(config, entries, myself_ip, used, outcome.messages)) {
                outcome.refusal = *refusal;
                return outcome;
            }
            for (std::size_t i = 0; i < used.size(); ++i)
                used_anywhere[i] = used_anywhere[i] || used[i];
            if (file + 1 == options.files.size() && !options.allow_unmatched) {
                std::vector<std::string> unmatched;
                for (std::size_t i = 0; i < entries.size(); ++i)
                    if (!used_anywhere[i]) unmatched.push_back(entries[i].from.text);
                if (!unmatched.empty())
                    outcome.refusal = fmt::format(
                        "no node has the address {} in any file; nothing was written "
                        "(--allow-unmatched accepts it)",
                        fmt::join(unmatched, ", "));
            }
            return outcome;
        });
    return print_edit_report(report, write->dry_run, write->replace);
}

struct ForgetOptions {
    std::string node;
    std::vector<std::string> files;
    bool force_forget = false;
    WriteCliOptions write;
};

int run_forget(const ForgetOptions& options) {
    auto write = to_write_options(options.write);
    if (!write) return kTrouble;
    if (options.files.size() > 1 && options.node == "myself") {
        report_trouble("nodesconf forget",
                       "'myself' is a different node in each file; name the node by id or ip:port");
        return kTrouble;
    }
    auto plan = [&](const std::vector<const Config*>& configs) -> std::optional<std::string> {
        for (const Config* c : configs) {
            std::string error;
            if (select_node(*c, options.node, error) != kNoNode) return std::nullopt;
            if (error.find("matches") != std::string::npos) return error;
        }
        return fmt::format("no file knows a node '{}'", options.node);
    };
    const EditReport report = edit_files(
        options.files, *write,
        [&](Config& config, const Dialect&, std::size_t) {
            EditOutcome outcome;
            std::string error;
            const std::int32_t node = select_node(config, options.node, error);
            if (node == kNoNode) {
                if (error.find("matches") != std::string::npos)
                    outcome.refusal = error;
                else
                    outcome.messages.push_back(fmt::format("'{}' is not known here", options.node));
                return outcome;
            }
            if (auto refusal = forget_node(config, node, options.force_forget, outcome.messages))
                outcome.refusal = *refusal;
            return outcome;
        },
        real_syscalls(), plan);
    return print_edit_report(report, write->dry_run, write->replace);
}

struct ShardOptions {
    std::vector<std::string> files;
    std::vector<std::string> strip;
    WriteCliOptions write;
};

int run_fix_shard_ids(const ShardOptions& options) {
    auto write = to_write_options(options.write);
    if (!write) return kTrouble;
    write->repairable = {Code::shard_id_mismatch};  // the very thing this command repairs
    const EditReport report =
        edit_files(options.files, *write, [&](Config& config, const Dialect& dialect, std::size_t) {
            EditOutcome outcome;
            if (dialect.address_style != AddressStyle::aux) {
                outcome.refusal = fmt::format(
                    "{} files have no aux fields (shard-ids came with 7.2); use --target "
                    "redis-7.2 or later if this file is from one",
                    dialect.name);
                return outcome;
            }
            if (options.strip.empty()) fix_shard_ids(config, outcome.messages);
            for (const std::string& key : options.strip) strip_aux(config, key, outcome.messages);
            return outcome;
        });
    return print_edit_report(report, write->dry_run, write->replace);
}

}  // namespace

void setup_remap(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<RemapOptions>();
    CLI::App* cmd = app.add_subcommand("remap",
                                       "Rewrite node addresses by parsed field, all at once (swaps "
                                       "and chains are safe), in every FILE");
    cmd->add_option("--map", options->maps,
                    "OLD=NEW, each ip, ip:port or ip:port@cport ([v6]:port for IPv6)")
        ->allow_extra_args(false)  // one value per --map: what follows is a FILE
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--map-file", options->map_file, "A file of 'OLD NEW' lines ('#' comments)");
    cmd->add_option("--myself-ip", options->myself_ip, "Set the ip of each file's myself line");
    cmd->add_flag("--allow-unmatched", options->allow_unmatched,
                  "Accept map entries that match no node");
    add_write_options(*cmd, options->write);
    cmd->add_option("files", options->files, "nodes.conf files")->required();
    cmd->callback([options, &exit_code] { exit_code = run_remap(*options); });
}

void setup_forget(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ForgetOptions>();
    CLI::App* cmd = app.add_subcommand(
        "forget", "Remove a node from every FILE (refused while it owns slots or is myself)");
    cmd->add_option("node", options->node, "id, unique id prefix, ip:port or hostname")->required();
    cmd->add_option("files", options->files, "nodes.conf files")->required();
    cmd->add_flag("--force-forget", options->force_forget,
                  "Forget it even though it has replicas or open slots towards it");
    add_write_options(*cmd, options->write);
    cmd->callback([options, &exit_code] { exit_code = run_forget(*options); });
}

void setup_fix_shard_ids(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ShardOptions>();
    CLI::App* cmd = app.add_subcommand(
        "fix-shard-ids",
        "7.2+ files: give every replica its master's shard-id (what newer servers do at load), or "
        "strip an aux field from every line");
    cmd->add_option("--strip-aux", options->strip,
                    "Remove this aux field (e.g. shard-id) from every line")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_write_options(*cmd, options->write);
    cmd->add_option("files", options->files, "nodes.conf files")->required();
    cmd->callback([options, &exit_code] { exit_code = run_fix_shard_ids(*options); });
}

}  // namespace nodesconf::cli
