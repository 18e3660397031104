#include "nodesconf/diff.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace nodesconf {

std::string_view change_kind_name(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::node_added:
            return "node-added";
        case ChangeKind::node_removed:
            return "node-removed";
        case ChangeKind::address:
            return "address";
        case ChangeKind::hostname:
            return "hostname";
        case ChangeKind::aux:
            return "aux";
        case ChangeKind::flags:
            return "flags";
        case ChangeKind::role:
            return "role";
        case ChangeKind::master:
            return "master";
        case ChangeKind::config_epoch:
            return "config-epoch";
        case ChangeKind::slots:
            return "slots";
        case ChangeKind::open_slot:
            return "open-slot";
        case ChangeKind::vars:
            return "vars";
        case ChangeKind::ping_pong:
            return "ping-pong";
        case ChangeKind::link_state:
            return "link-state";
    }
    return "";
}

std::string Change::describe() const {
    const std::string who = node.empty() ? "" : node.substr(0, 8) + " ";
    switch (kind) {
        case ChangeKind::node_added:
            return fmt::format("node {} added: {}", node.substr(0, 8), after);
        case ChangeKind::node_removed:
            return fmt::format("node {} removed: {}", node.substr(0, 8), before);
        default:
            break;
    }
    // Full ids stay in the JSON; people get the usual 8-character prefix.
    auto show = [](const std::string& s) {
        if (s.empty()) return std::string("(none)");
        return s.size() == kNodeIdLength && is_valid_node_id(s) ? s.substr(0, 8) : s;
    };
    return fmt::format("{}{}: {} -> {}", who, what, show(before), show(after));
}

namespace {

std::string role_of(const Node& node) {
    if (node.has(kMaster)) return "master";
    if (node.has(kSlave)) return "replica";
    return "none";
}

// Flags other than the role, in table order.
std::string other_flags(std::uint16_t flags) {
    std::string out;
    for (const FlagName& f : kFlagNames) {
        if (f.flag == kMaster || f.flag == kSlave || !(flags & f.flag)) continue;
        out += (out.empty() ? "" : ",") + std::string(f.name);
    }
    return out;
}

std::string address_of(const Node& node) {
    return fmt::format("{}:{}@{}", node.ip, node.port, node.cport);
}

std::string summary_of(const Config& config, std::int32_t index, const Dialect& dialect) {
    const Node& node = config.nodes[index];
    std::string text = fmt::format("{} {}", address_of(node), role_of(node));
    if (const std::string flags = other_flags(node.flags); !flags.empty())
        text += " (" + flags + ")";
    if (node.master != kNoNode)
        text += " of " + std::string(config.nodes[node.master].id.prefix(8));
    text += fmt::format(", configEpoch {}",
                        config.written_epoch(index, dialect.writes_master_epoch_for_replicas));
    const std::string slots = format_ranges(config.slots_of(index));
    if (!slots.empty()) text += ", slots " + slots;
    return text;
}

std::string owner_name(const Config& config, std::int32_t owner) {
    return owner == kNoNode ? std::string("(none)") : std::string(config.nodes[owner].id.prefix(8));
}

std::string owner_id(const Config& config, std::int32_t owner) {
    return owner == kNoNode ? std::string() : std::string(config.nodes[owner].id.view());
}

}  // namespace

std::vector<Change> diff_configs(const DiffSide& before, const DiffSide& after,
                                 const DiffOptions& options) {
    const Config& a = *before.config;
    const Config& b = *after.config;
    std::vector<Change> changes;
    auto add = [&](ChangeKind kind, std::string node, std::string what, std::string from,
                   std::string to) {
        changes.push_back({kind, std::move(node), std::move(what), std::move(from), std::move(to)});
    };

    // Nodes, by id, in the order of the `before` file then the new ones.
    std::map<NodeId, std::int32_t> in_b;
    for (std::size_t i = 0; i < b.nodes.size(); ++i)
        in_b.emplace(b.nodes[i].id, static_cast<std::int32_t>(i));
    std::map<NodeId, std::int32_t> in_a;
    for (std::size_t i = 0; i < a.nodes.size(); ++i)
        in_a.emplace(a.nodes[i].id, static_cast<std::int32_t>(i));
    const bool compare_aux = !before.live && !after.live;

    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        const Node& x = a.nodes[i];
        const std::string id(x.id.view());
        const auto found = in_b.find(x.id);
        if (found == in_b.end()) {
            add(ChangeKind::node_removed, id, "node",
                summary_of(a, static_cast<std::int32_t>(i), *before.dialect), "");
            continue;
        }
        const Node& y = b.nodes[found->second];
        if (address_of(x) != address_of(y))
            add(ChangeKind::address, id, "address", address_of(x), address_of(y));
        if (x.hostname != y.hostname)
            add(ChangeKind::hostname, id, "hostname", x.hostname, y.hostname);
        if (compare_aux) {
            std::map<std::string, std::pair<std::string, std::string>> aux;
            for (const AuxField& f : x.aux) aux[f.key].first = f.value;
            for (const AuxField& f : y.aux) aux[f.key].second = f.value;
            for (const auto& [key, values] : aux)
                if (values.first != values.second)
                    add(ChangeKind::aux, id, "aux " + key, values.first, values.second);
        }
        if (role_of(x) != role_of(y)) add(ChangeKind::role, id, "role", role_of(x), role_of(y));
        if (other_flags(x.flags) != other_flags(y.flags))
            add(ChangeKind::flags, id, "flags", other_flags(x.flags), other_flags(y.flags));
        const std::string master_x = owner_id(a, x.master), master_y = owner_id(b, y.master);
        if (master_x != master_y) add(ChangeKind::master, id, "master", master_x, master_y);
        const auto epoch_x = a.written_epoch(static_cast<std::int32_t>(i),
                                             before.dialect->writes_master_epoch_for_replicas);
        const auto epoch_y =
            b.written_epoch(found->second, after.dialect->writes_master_epoch_for_replicas);
        if (epoch_x != epoch_y)
            add(ChangeKind::config_epoch, id, "configEpoch", std::to_string(epoch_x),
                std::to_string(epoch_y));
        if (options.all) {
            if (x.ping_sent != y.ping_sent || x.pong_received != y.pong_received)
                add(ChangeKind::ping_pong, id, "ping/pong",
                    fmt::format("{} {}", x.ping_sent, x.pong_received),
                    fmt::format("{} {}", y.ping_sent, y.pong_received));
            const bool cx = x.connected || x.has(kMyself), cy = y.connected || y.has(kMyself);
            if (cx != cy)
                add(ChangeKind::link_state, id, "link", cx ? "connected" : "disconnected",
                    cy ? "connected" : "disconnected");
        }
    }
    for (std::size_t j = 0; j < b.nodes.size(); ++j)
        if (!in_a.count(b.nodes[j].id))
            add(ChangeKind::node_added, std::string(b.nodes[j].id.view()), "node", "",
                summary_of(b, static_cast<std::int32_t>(j), *after.dialect));

    // Slot ownership moves, as maximal ranges with the same (from, to). Owners are compared as
    // ids (nullptr: none) so this stays a pass over 16384 slots, not 16384 string builds.
    auto id_at = [](const Config& c, std::int32_t index) -> const NodeId* {
        return index == kNoNode ? nullptr : &c.nodes[index].id;
    };
    auto same = [](const NodeId* x, const NodeId* y) { return x == y || (x && y && *x == *y); };
    for (int slot = 0; slot < kSlotCount;) {
        const NodeId* from = id_at(a, a.slot_owner[slot]);
        const NodeId* to = id_at(b, b.slot_owner[slot]);
        int last = slot;
        while (last + 1 < kSlotCount && same(id_at(a, a.slot_owner[last + 1]), from) &&
               same(id_at(b, b.slot_owner[last + 1]), to))
            ++last;
        if (!same(from, to)) {
            std::string range;
            append_range(range, {slot, last});
            add(ChangeKind::slots, "", (slot == last ? "slot " : "slots ") + range,
                owner_name(a, a.slot_owner[slot]), owner_name(b, b.slot_owner[slot]));
        }
        slot = last + 1;
    }

    // Open slots (cluster-wide state, written on the myself line).
    for (int slot = 0; slot < kSlotCount; ++slot) {
        if (!same(id_at(a, a.migrating_to[slot]), id_at(b, b.migrating_to[slot])))
            add(ChangeKind::open_slot, "", fmt::format("slot {} migrating to", slot),
                owner_id(a, a.migrating_to[slot]).substr(0, 8),
                owner_id(b, b.migrating_to[slot]).substr(0, 8));
        if (!same(id_at(a, a.importing_from[slot]), id_at(b, b.importing_from[slot])))
            add(ChangeKind::open_slot, "", fmt::format("slot {} importing from", slot),
                owner_id(a, a.importing_from[slot]).substr(0, 8),
                owner_id(b, b.importing_from[slot]).substr(0, 8));
    }

    if (!before.live && !after.live) {
        if (a.vars.current_epoch != b.vars.current_epoch)
            add(ChangeKind::vars, "", "currentEpoch", std::to_string(a.vars.current_epoch),
                std::to_string(b.vars.current_epoch));
        if (a.vars.last_vote_epoch != b.vars.last_vote_epoch)
            add(ChangeKind::vars, "", "lastVoteEpoch", std::to_string(a.vars.last_vote_epoch),
                std::to_string(b.vars.last_vote_epoch));
    }
    return changes;
}

}  // namespace nodesconf
