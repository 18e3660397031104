#include "nodesconf/edit_slots.h"

#include <algorithm>

#include <fmt/format.h>

#include "nodesconf/select.h"

namespace nodesconf {

namespace {

std::string short_id(const Config& c, std::int32_t i) {
    return std::string(c.nodes[i].id.prefix(8));
}

// The node `spec` names, as a master that can hold slots; an error otherwise.
std::optional<std::string> resolve_master(const Config& c, const std::string& spec,
                                          bool several_files, const char* role, std::int32_t& out) {
    if (several_files && spec == "myself")
        return fmt::format(
            "'myself' is a different node in each file; name the {} by id or ip:port", role);
    std::string error;
    out = select_node(c, spec, error);
    if (out == kNoNode) return error;
    const Node& n = c.nodes[out];
    if (n.placeholder)
        return fmt::format("{} {} has no line of its own in this file", role, n.id.view());
    if (!n.has(kMaster)) {
        if (n.is_replica())
            return fmt::format(
                "{} {} is a replica; slots belong to masters (its master is {}) — CLUSTER SETSLOT "
                "refuses it too (\"Target node is not a master\")",
                role, short_id(c, out), short_id(c, n.master));
        return fmt::format("{} {} is not a master", role, short_id(c, out));
    }
    return std::nullopt;
}

std::string ranges_text(const SlotSet& s) {
    return format_ranges(s);
}

void clear_open(Config& c, int slot) {
    c.migrating_to[slot] = kNoNode;
    c.importing_from[slot] = kNoNode;
}

}  // namespace

std::optional<std::string> apply_slot_ops(Config& c, const std::vector<SlotOp>& ops,
                                          bool several_files, SlotEditResult& result) {
    auto gained = [&](std::int32_t node) {
        if (std::find(result.new_owners.begin(), result.new_owners.end(), c.nodes[node].id) ==
            result.new_owners.end())
            result.new_owners.push_back(c.nodes[node].id);
    };
    const std::int32_t me = c.myself();
    for (const SlotOp& op : ops) {
        switch (op.kind) {
            case SlotOp::assign:
            case SlotOp::move: {
                std::int32_t to;
                if (auto e = resolve_master(c, op.node, several_files, "--to node", to)) return e;
                SlotSet changed;
                for (int s = 0; s < kSlotCount; ++s) {
                    if (!op.slots[s] || c.slot_owner[s] == to) continue;
                    if (op.kind == SlotOp::assign && c.slot_owner[s] != kNoNode)
                        return fmt::format(
                            "slot {} is owned by {} ({}); use --move to take it from its owner", s,
                            short_id(c, c.slot_owner[s]), c.nodes[c.slot_owner[s]].id.view());
                    c.slot_owner[s] = to;
                    clear_open(c, s);  // SETSLOT NODE closes the migration on both sides
                    changed.set(s);
                }
                if (changed.any()) {
                    gained(to);
                    result.messages.push_back(
                        fmt::format("slots {} -> {}", ranges_text(changed), short_id(c, to)));
                }
                break;
            }
            case SlotOp::unassign: {
                SlotSet changed;
                for (int s = 0; s < kSlotCount; ++s)
                    if (op.slots[s] && c.slot_owner[s] != kNoNode) {
                        c.slot_owner[s] = kNoNode;
                        clear_open(c, s);
                        changed.set(s);
                    }
                if (changed.any())
                    result.messages.push_back(
                        fmt::format("slots {} unassigned", ranges_text(changed)));
                break;
            }
            case SlotOp::migrating: {
                std::int32_t to;
                if (auto e = resolve_master(c, op.node, several_files, "--to node", to)) return e;
                for (int s = 0; s < kSlotCount; ++s) {
                    if (!op.slots[s]) continue;
                    const std::int32_t owner = c.slot_owner[s];
                    if (owner == kNoNode)
                        return fmt::format(
                            "slot {} has no owner: only its owner can migrate it (assign it first)",
                            s);
                    if (owner == to)
                        return fmt::format("slot {} is already owned by {}", s, short_id(c, to));
                    // The migrating state lives in the owner's own file only.
                    if (owner != me) {
                        if (several_files) continue;
                        return fmt::format(
                            "slot {} is owned by {}, not by this file's myself: CLUSTER SETSLOT "
                            "MIGRATING "
                            "is run on the owner (\"I'm not the owner of hash slot {}\"); edit "
                            "{}'s file",
                            s, short_id(c, owner), s, short_id(c, owner));
                    }
                    if (!c.nodes[me].has(kMaster))
                        return "myself is a replica: SETSLOT works only with masters";
                    c.migrating_to[s] = to;
                    result.messages.push_back(
                        fmt::format("slot {} migrating to {}", s, short_id(c, to)));
                }
                break;
            }
            case SlotOp::importing: {
                std::int32_t from;
                if (auto e = resolve_master(c, op.node, several_files, "--from node", from))
                    return e;
                if (several_files && op.on.empty())
                    return "with several files, name the importing node: --on NODE";
                std::int32_t importer = me;
                if (!op.on.empty() && op.on != "myself") {
                    std::string error;
                    importer = select_node(c, op.on, error);
                    if (importer == kNoNode) return error;
                }
                if (importer != me) break;  // written in the importer's own file only
                if (!c.nodes[me].has(kMaster))
                    return "myself is a replica: SETSLOT works only with masters";
                for (int s = 0; s < kSlotCount; ++s) {
                    if (!op.slots[s]) continue;
                    if (c.slot_owner[s] == me)
                        return fmt::format(
                            "slot {} is already owned by this node (\"I'm already the owner of "
                            "hash slot "
                            "{}\")",
                            s, s);
                    c.importing_from[s] = from;
                    result.messages.push_back(
                        fmt::format("slot {} importing from {}", s, short_id(c, from)));
                }
                break;
            }
            case SlotOp::stable:
            case SlotOp::clear_open: {
                SlotSet closed;
                for (int s = 0; s < kSlotCount; ++s)
                    if ((op.kind == SlotOp::clear_open || op.slots[s]) &&
                        (c.migrating_to[s] != kNoNode || c.importing_from[s] != kNoNode)) {
                        clear_open(c, s);
                        closed.set(s);
                    }
                if (closed.any())
                    result.messages.push_back(fmt::format("slots {} stable", ranges_text(closed)));
                break;
            }
        }
    }
    return std::nullopt;
}

void give_new_epochs(Config& c, const std::vector<NodeId>& owners, std::uint64_t base,
                     std::vector<std::string>& messages) {
    std::uint64_t next = base;
    for (const NodeId& id : owners) {
        ++next;
        const std::int32_t i = c.find(id);
        if (i == kNoNode) continue;
        c.nodes[i].config_epoch = next;
        messages.push_back(
            fmt::format("{} configEpoch -> {} (above every other master, so gossip keeps the new "
                        "owner)",
                        c.nodes[i].id.prefix(8), next));
    }
    c.vars.current_epoch = std::max(c.vars.current_epoch, next);
}

}  // namespace nodesconf
