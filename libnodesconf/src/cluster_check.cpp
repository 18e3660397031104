#include "nodesconf/cluster_check.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

namespace nodesconf {

bool ClusterReport::consistent() const {
    return std::none_of(problems.begin(), problems.end(),
                        [](const ClusterProblem& p) { return p.severity != Severity::note; });
}

namespace {

std::string short_id(std::string_view id) {
    return std::string(id.substr(0, 8));
}

std::string slot_list(const std::vector<int>& slots) {
    std::string out;
    for (int s : slots) out += (out.empty() ? "" : ",") + std::to_string(s);
    return out;
}

struct View {
    const ClusterFile* file;
    std::int32_t me;
};

}  // namespace

ClusterReport check_cluster(const std::vector<ClusterFile>& files) {
    ClusterReport report;
    auto problem = [&](std::string code, Severity severity, std::string file, std::string message) {
        report.problems.push_back({std::move(code), severity, std::move(file), std::move(message)});
    };
    std::vector<View> views;
    // node id -> index of its own file. Hashed: a check of a 1,000-node cluster's 1,000 files
    // looks ids up millions of times.
    std::unordered_map<NodeId, std::size_t, NodeIdHash> own_file;
    for (const ClusterFile& f : files) {
        const std::int32_t me = f.config->myself();
        views.push_back({&f, me});
        if (me == kNoNode) continue;
        const NodeId& id = f.config->nodes[me].id;
        if (auto [it, fresh] = own_file.emplace(id, views.size() - 1); !fresh)
            problem("same-node-files", Severity::warning, f.name,
                    fmt::format("{} and {} are both node {}", files[it->second].name, f.name,
                                id.view()));
    }

    // The node's own word: role and epoch from its own file when we have it.
    auto own_node = [&](const NodeId& id) -> const Node* {
        const auto it = own_file.find(id);
        if (it == own_file.end()) return nullptr;
        return &views[it->second].file->config->nodes[views[it->second].me];
    };
    auto epoch_of = [&](const NodeId& id) {
        if (const Node* n = own_node(id)) return n->config_epoch;
        std::uint64_t best = 0;
        for (const View& v : views)
            if (const std::int32_t i = v.file->config->find(id); i != kNoNode)
                best = std::max(best, v.file->config->nodes[i].config_epoch);
        return best;
    };

    // 1. Slot configuration: every file must see the same owner for every slot. Owners are
    //    compared as ids (nullptr: none), one pass over the slots.
    auto owner_at = [&](const View& v, int s) -> const NodeId* {
        const std::int32_t o = v.file->config->slot_owner[s];
        return o == kNoNode ? nullptr : &v.file->config->nodes[o].id;
    };
    auto same = [](const NodeId* x, const NodeId* y) { return x == y || (x && y && *x == *y); };
    auto views_equal_at = [&](int s, int t) {  // every file sees the same owner at s as at t
        for (const View& v : views)
            if (!same(owner_at(v, s), owner_at(v, t))) return false;
        return true;
    };
    for (int slot = 0; slot < kSlotCount;) {
        int last = slot;
        while (last + 1 < kSlotCount && views_equal_at(slot, last + 1)) ++last;
        bool agree = true;
        for (const View& v : views)
            agree = agree && same(owner_at(v, slot), owner_at(views.front(), slot));
        if (!agree) {
            report.slots_agree = false;
            SlotDisagreement d;
            d.range = {slot, last};
            std::uint64_t best = 0;
            for (const View& v : views) {
                const NodeId* owner = owner_at(v, slot);
                const std::uint64_t epoch = owner ? epoch_of(*owner) : 0;
                d.views.push_back(
                    {v.file->name, owner ? std::string(owner->view()) : std::string(), epoch});
                if (owner && (d.converges_to.empty() || epoch > best)) {
                    best = epoch;
                    d.converges_to = std::string(owner->view());
                }
            }
            report.disagreements.push_back(std::move(d));
        }
        slot = last + 1;
    }
    if (!report.slots_agree)
        problem(
            "slots-disagree", Severity::error, "",
            fmt::format("nodes don't agree about slots configuration ({} slot range{})",
                        report.disagreements.size(), report.disagreements.size() == 1 ? "" : "s"));

    // 2. Open slots, on each master's own line; 3. coverage and multiple owners from the
    //    masters' own claims.
    std::vector<int> owners_per_slot(kSlotCount, 0);
    std::set<int> open;
    for (const View& v : views) {
        if (v.me == kNoNode) continue;
        const Config& c = *v.file->config;
        const Node& me = c.nodes[v.me];
        if (me.has(kMaster))
            ++report.masters;
        else if (me.has(kSlave))
            ++report.replicas;
        if (!me.has(kMaster)) continue;
        std::vector<int> migrating, importing;
        for (int s = 0; s < kSlotCount; ++s) {
            if (c.migrating_to[s] != kNoNode) migrating.push_back(s);
            if (c.importing_from[s] != kNoNode) importing.push_back(s);
            if (c.slot_owner[s] == v.me) ++owners_per_slot[s];
        }
        if (!migrating.empty())
            problem("open-slots", Severity::error, v.file->name,
                    fmt::format("node {} has slots in migrating state {}", short_id(me.id.view()),
                                slot_list(migrating)));
        if (!importing.empty())
            problem("open-slots", Severity::error, v.file->name,
                    fmt::format("node {} has slots in importing state {}", short_id(me.id.view()),
                                slot_list(importing)));
        open.insert(migrating.begin(), migrating.end());
        open.insert(importing.begin(), importing.end());
    }
    report.open_slots.assign(open.begin(), open.end());
    if (!open.empty())
        problem("open-slots", Severity::error, "",
                "the following slots are open: " + slot_list(report.open_slots));

    // Masters that own slots in some view but gave us no file: count their slots from the views.
    std::set<NodeId> missing;
    // Per view, per node: 1 when the node's own file was given (looked up once per node, not
    // once per slot).
    auto nodes_with_file = [&](const Config& c) {
        std::vector<char> has(c.nodes.size());
        for (std::size_t i = 0; i < c.nodes.size(); ++i) has[i] = own_file.count(c.nodes[i].id);
        return has;
    };
    std::vector<std::vector<char>> has_file;
    for (const View& v : views) {
        const Config& c = *v.file->config;
        has_file.push_back(nodes_with_file(c));
        for (int s = 0; s < kSlotCount; ++s) {
            const std::int32_t o = c.slot_owner[s];
            if (o != kNoNode && !has_file.back()[static_cast<std::size_t>(o)])
                missing.insert(c.nodes[o].id);
        }
    }
    for (const NodeId& id : missing)
        problem(
            "file-missing", Severity::warning, "",
            fmt::format(
                "master {} owns slots in some files but its own file was not given; its slots are "
                "taken from the others' views",
                id.view()));
    // One pass over each view's slots (not one per missing master).
    if (!missing.empty())
        for (const View& v : views) {
            const Config& c = *v.file->config;
            for (int s = 0; s < kSlotCount; ++s) {
                const std::int32_t o = c.slot_owner[s];
                if (o != kNoNode && owners_per_slot[s] == 0 && missing.count(c.nodes[o].id))
                    owners_per_slot[s] = 1;
            }
        }
    for (int s = 0; s < kSlotCount; ++s) {
        if (owners_per_slot[s] == 0) report.uncovered.set(s);
    }
    if (report.uncovered.any())
        problem("slots-uncovered", Severity::error, "",
                fmt::format("not all 16384 slots are covered: {} have no owner ({})",
                            report.uncovered.count(), format_ranges(report.uncovered)));
    SlotSet multiple;
    for (int s = 0; s < kSlotCount; ++s)
        if (owners_per_slot[s] > 1) multiple.set(s);
    if (multiple.any())
        problem("slot-multiple-owners", Severity::warning, "",
                fmt::format("slots {} are claimed by more than one master in their own files",
                            format_ranges(multiple)));

    // 4. Beyond redis-cli: how each file sees the others' myself, and what only some files know.
    // How many views know each id, and where each view holds each file's myself: one hashed
    // pass over every view's nodes, not a scan of a view per pair of files.
    const std::size_t view_count = views.size();
    std::unordered_map<NodeId, std::uint32_t, NodeIdHash> known_count;
    std::vector<std::int32_t> myself_in(view_count * view_count, kNoNode);  // [mine * n + other]
    for (std::size_t o = 0; o < view_count; ++o) {
        const std::vector<Node>& nodes = views[o].file->config->nodes;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            ++known_count[nodes[i].id];
            if (const auto it = own_file.find(nodes[i].id); it != own_file.end()) {
                std::int32_t& at = myself_in[it->second * view_count + o];
                if (at == kNoNode) at = static_cast<std::int32_t>(i);
            }
        }
    }
    for (const View& mine : views) {
        if (mine.me == kNoNode) continue;
        const Node& me = mine.file->config->nodes[mine.me];
        const std::string address = fmt::format("{}:{}", me.ip, me.port);
        const auto mine_index = static_cast<std::size_t>(&mine - views.data());
        for (const View& other : views) {
            if (&other == &mine || other.me == kNoNode) continue;
            const Config& c = *other.file->config;
            const std::int32_t i = myself_in[mine_index * view_count +
                                             static_cast<std::size_t>(&other - views.data())];
            if (i == kNoNode) {
                problem("myself-unknown", Severity::warning, other.file->name,
                        fmt::format("does not know node {}, the myself of {}",
                                    short_id(me.id.view()), mine.file->name));
                continue;
            }
            const Node& seen = c.nodes[i];
            // An empty ip in a node's own file means it has not learnt its address yet.
            if (!me.ip.empty() && fmt::format("{}:{}", seen.ip, seen.port) != address)
                problem("address-disagree", Severity::warning, other.file->name,
                        fmt::format("sees node {} at {}:{}, its own file says {}",
                                    short_id(me.id.view()), seen.ip, seen.port, address));
            const bool role_me = me.has(kMaster), role_seen = seen.has(kMaster);
            if (role_me != role_seen || me.has(kSlave) != seen.has(kSlave))
                problem(
                    "role-disagree", Severity::warning, other.file->name,
                    fmt::format("sees node {} as {}, its own file says {}", short_id(me.id.view()),
                                seen.has(kMaster)  ? "master"
                                : seen.has(kSlave) ? "replica"
                                                   : "neither",
                                me.has(kMaster)  ? "master"
                                : me.has(kSlave) ? "replica"
                                                 : "neither"));
            if (me.is_replica() && seen.is_replica() &&
                mine.file->config->nodes[me.master].id != c.nodes[seen.master].id)
                problem(
                    "master-disagree", Severity::warning, other.file->name,
                    fmt::format("sees replica {} following {}, its own file says {}",
                                short_id(me.id.view()), short_id(c.nodes[seen.master].id.view()),
                                short_id(mine.file->config->nodes[me.master].id.view())));
            const AuxField* own_sid = me.find_aux("shard-id");
            const AuxField* seen_sid = seen.find_aux("shard-id");
            if (own_sid && seen_sid && own_sid->value != seen_sid->value)
                problem("shard-id-disagree", Severity::warning, other.file->name,
                        fmt::format("has shard-id {} for node {}, its own file says {}",
                                    seen_sid->value, short_id(me.id.view()), own_sid->value));
        }
    }
    // Ids only some views know, in id order, each with the files that know it.
    std::map<NodeId, std::vector<std::string>> known_by;
    for (const auto& [id, count] : known_count)
        if (count != view_count && !own_file.count(id)) known_by[id];
    if (!known_by.empty())
        for (const View& v : views)
            for (const Node& n : v.file->config->nodes)
                if (const auto it = known_by.find(n.id); it != known_by.end())
                    it->second.push_back(v.file->name);
    for (const auto& [id, names] : known_by) {
        std::string list;
        for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
        bool handshake = false;
        for (const View& v : views)
            if (const std::int32_t i = v.file->config->find(id);
                i != kNoNode && v.file->config->nodes[i].has(kHandshake))
                handshake = true;
        problem("node-partially-known", handshake ? Severity::note : Severity::warning, "",
                fmt::format("node {} is known to {} only{}", short_id(id.view()), list,
                            handshake ? " (in handshake)" : " (forgotten elsewhere, or a ghost)"));
    }

    // Duplicate addresses within a view, and masters sharing a configEpoch (by their own files).
    for (const View& v : views) {
        std::map<std::string, std::vector<std::string>> by_address;
        for (const Node& n : v.file->config->nodes)
            if (!n.ip.empty() && n.port > 0 && !n.has(kNoaddr) && !n.has(kHandshake))
                by_address[fmt::format("{}:{}", n.ip, n.port)].push_back(short_id(n.id.view()));
        for (const auto& [address, ids] : by_address)
            if (ids.size() > 1)
                problem("duplicate-address", Severity::warning, v.file->name,
                        fmt::format("{} nodes have address {}: {}", ids.size(), address,
                                    fmt::join(ids, ", ")));
    }
    std::map<std::uint64_t, std::vector<std::string>> masters_by_epoch;
    std::vector<std::pair<NodeId, std::size_t>> by_id(own_file.begin(), own_file.end());
    std::sort(by_id.begin(), by_id.end());  // each group's ids in id order
    for (const auto& [id, index] : by_id) {
        const Node& n = views[index].file->config->nodes[views[index].me];
        if (n.has(kMaster)) masters_by_epoch[n.config_epoch].push_back(short_id(id.view()));
    }
    for (const auto& [epoch, ids] : masters_by_epoch)
        if (ids.size() > 1)
            problem("duplicate-epoch", Severity::warning, "",
                    fmt::format("masters {} share configEpoch {}", fmt::join(ids, ", "), epoch));
    return report;
}

}  // namespace nodesconf
