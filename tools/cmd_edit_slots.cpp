// nodesconf edit-slots: slot surgery that the cluster keeps after restart.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "nodesconf/edit_slots.h"
#include "write_options.h"

namespace nodesconf::cli {

namespace {

struct EditSlotsOptions {
    std::vector<std::string> files;
    std::vector<SlotOp> ops;
    std::string error;  // the first problem met while reading the operations
    bool no_bump = false;
    WriteCliOptions write;
};

int run_edit_slots(EditSlotsOptions& options) {
    if (!options.error.empty()) {
        report_trouble("nodesconf edit-slots", options.error);
        return kTrouble;
    }
    if (options.ops.empty()) {
        report_trouble("nodesconf edit-slots",
                       "no operation given (--assign, --move, --unassign, --migrating, "
                       "--importing, --stable, --clear-open)");
        return kTrouble;
    }
    for (const SlotOp& op : options.ops) {
        const bool needs_node = op.kind == SlotOp::assign || op.kind == SlotOp::move ||
                                op.kind == SlotOp::migrating || op.kind == SlotOp::importing;
        if (needs_node && op.node.empty()) {
            report_trouble("nodesconf edit-slots",
                           op.kind == SlotOp::importing
                               ? "--importing needs --from NODE"
                               : "--assign, --move and --migrating need --to NODE");
            return kTrouble;
        }
    }
    const auto write = to_write_options(options.write);
    if (!write) return kTrouble;
    const bool several = options.files.size() > 1;

    // One epoch plan for every file, so the new owners get the same new configEpochs everywhere.
    std::uint64_t base = 0;
    auto plan = [&](const std::vector<const Config*>& configs) -> std::optional<std::string> {
        for (const Config* c : configs)
            base = std::max({base, c->vars.current_epoch, c->max_config_epoch()});
        return std::nullopt;
    };
    bool moved_ownership = false;
    const EditReport report = edit_files(
        options.files, *write,
        [&](Config& config, const Dialect&, std::size_t) {
            EditOutcome outcome;
            SlotEditResult result;
            if (auto refusal = apply_slot_ops(config, options.ops, several, result)) {
                outcome.refusal = *refusal;
                return outcome;
            }
            outcome.messages = std::move(result.messages);
            if (!result.new_owners.empty()) {
                moved_ownership = true;
                if (!options.no_bump)
                    give_new_epochs(config, result.new_owners, base, outcome.messages);
            }
            return outcome;
        },
        real_syscalls(), plan);
    const int code = print_edit_report(report, write->dry_run, write->replace);
    if (moved_ownership && report.outcome == EditReport::done && !globals().quiet)
        fmt::print(stderr,
                   "note: nodesconf moves slot ownership, not keys. A master that still holds keys "
                   "in slots it no "
                   "longer owns reopens them as importing when it starts; move the keys first, or "
                   "move empty "
                   "slots.\n");
    return code;
}

}  // namespace

void setup_edit_slots(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<EditSlotsOptions>();
    CLI::App* cmd = app.add_subcommand("edit-slots",
                                       "Assign, move or unassign slot ranges, and open or close "
                                       "migrations, offline; operations apply in order, "
                                       "all or nothing, to every FILE (the files of one stopped "
                                       "cluster). It moves slot ownership, not keys: a "
                                       "master that still holds keys in slots it no longer owns "
                                       "reopens them as importing when it starts, so move "
                                       "the keys first, or move empty slots");
    auto add_op = [&](const char* name, SlotOp::Kind kind, const char* help) {
        cmd->add_option_function<std::string>(
               name,
               [options, kind](const std::string& text) {
                   std::string error;
                   auto slots = parse_ranges(text, &error);
                   if (!slots && options->error.empty())
                       options->error = fmt::format("'{}': {}", text, error);
                   options->ops.push_back({kind, slots ? *slots : SlotSet{}, "", ""});
               },
               help)
            ->trigger_on_parse()
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    };
    add_op("--assign", SlotOp::assign, "RANGES nobody owns, to the --to node");
    add_op("--move", SlotOp::move, "RANGES from whoever owns them, to the --to node");
    add_op("--unassign", SlotOp::unassign, "RANGES no longer owned by anyone");
    add_op("--migrating", SlotOp::migrating, "SLOTS migrating from their owner to the --to node");
    add_op("--importing", SlotOp::importing,
           "SLOTS imported from the --from node (by --on NODE, default myself)");
    add_op("--stable", SlotOp::stable, "RANGES neither migrating nor importing");
    cmd->add_flag_callback(
           "--clear-open",
           [options] {
               options->ops.push_back({SlotOp::clear_open, {}, "", ""});
           },
           "Close every open slot")
        ->trigger_on_parse();
    auto attach = [&](const char* name, std::string SlotOp::*field, const char* help) {
        cmd->add_option_function<std::string>(
               name,
               [options, name, field](const std::string& node) {
                   if (options->ops.empty()) {
                       if (options->error.empty())
                           options->error = fmt::format("{} must follow an operation", name);
                       return;
                   }
                   options->ops.back().*field = node;
               },
               help)
            ->trigger_on_parse()
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    };
    attach("--to", &SlotOp::node,
           "NODE for the operation before it: id, unique id prefix, ip:port, hostname, myself");
    attach("--from", &SlotOp::node, "NODE the slots are imported from");
    attach("--on", &SlotOp::on, "NODE that imports (--importing)");
    cmd->add_flag(
        "--no-bump", options->no_bump,
        "Do not give new owners a configEpoch above every other master (gossip may undo the move)");
    add_write_options(*cmd, options->write);
    cmd->add_option("files", options->files, "nodes.conf files of one stopped cluster")->required();
    cmd->callback([options, &exit_code] { exit_code = run_edit_slots(*options); });
}

}  // namespace nodesconf::cli
