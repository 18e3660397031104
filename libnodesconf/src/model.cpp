#include "nodesconf/model.h"

#include <algorithm>
#include <cstring>

#include "node_id_bytes.h"
#include "slot_runs.h"

namespace nodesconf {

std::string_view NodeId::view() const {
    const auto* end = static_cast<const char*>(std::memchr(bytes_.data(), '\0', kNodeIdLength));
    return std::string_view(bytes_.data(),
                            end ? static_cast<std::size_t>(end - bytes_.data()) : kNodeIdLength);
}

bool is_valid_node_id(std::string_view text) {
    return detail::node_id_text_valid(text);
}

std::string format_flags(std::uint16_t flags) {
    std::string out;
    for (const FlagName& f : kFlagNames) {
        if (!(flags & f.flag)) continue;
        if (!out.empty()) out += ',';
        out += f.name;
    }
    return out.empty() ? "noflags" : out;
}

const AuxField* Node::find_aux(std::string_view key) const {
    for (const AuxField& field : aux)
        if (field.key == key) return &field;
    return nullptr;
}

std::string* Node::aux_value(std::string_view key) {
    for (AuxField& field : aux)
        if (field.key == key) return &field.value;
    return nullptr;
}

void Node::set_aux(std::string_view key, std::string value) {
    if (std::string* existing = aux_value(key))
        *existing = std::move(value);
    else
        aux.push_back({std::string(key), std::move(value)});
}

bool Node::erase_aux(std::string_view key) {
    return std::erase_if(aux, [&](const AuxField& f) { return f.key == key; }) > 0;
}

std::int32_t Config::myself() const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].has(kMyself)) return static_cast<std::int32_t>(i);
    return kNoNode;
}

std::int32_t Config::find(const NodeId& id) const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].id == id) return static_cast<std::int32_t>(i);
    return kNoNode;
}

SlotSet Config::slots_of(std::int32_t node) const {
    SlotSet slots;
    for (int slot = 0; slot < kSlotCount; ++slot)
        if (slot_owner[slot] == node) slots.set(slot);
    return slots;
}

std::vector<std::vector<SlotRange>> Config::ranges_by_node() const {
    std::vector<std::vector<SlotRange>> ranges(nodes.size());
    detail::for_each_run(slot_owner.written_cells(),
                         [&](std::size_t first, std::size_t end, std::int32_t owner) {
                             if (owner != kNoNode)
                                 ranges[static_cast<std::size_t>(owner)].push_back(
                                     {static_cast<int>(first), static_cast<int>(end - 1)});
                         });
    return ranges;
}

std::vector<OpenSlot> Config::open_slots() const {
    std::vector<OpenSlot> open;
    for (int slot = 0; slot < kSlotCount; ++slot)
        if (migrating_to[slot] != kNoNode || importing_from[slot] != kNoNode)
            open.push_back({slot, migrating_to[slot], importing_from[slot]});
    return open;
}

std::uint64_t Config::written_epoch(std::int32_t node, bool master_epoch_for_replicas) const {
    const Node& n = nodes[node];
    if (master_epoch_for_replicas && n.is_replica()) return nodes[n.master].config_epoch;
    return n.config_epoch;
}

std::uint64_t Config::max_config_epoch() const {
    std::uint64_t max = 0;
    for (const Node& n : nodes) max = std::max(max, n.config_epoch);
    return max;
}

void Config::remove_node(std::int32_t node) {
    auto fix = [node](std::int32_t& ref) {
        if (ref == node)
            ref = kNoNode;
        else if (ref > node)
            --ref;
    };
    for (auto* table : {&slot_owner, &migrating_to, &importing_from})
        for (std::int32_t& ref : table->written_cells()) fix(ref);
    for (Node& n : nodes) fix(n.master);
    nodes.erase(nodes.begin() + node);
}

}  // namespace nodesconf
