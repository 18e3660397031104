#include "nodesconf/model.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cstring>

#include "slot_runs.h"

namespace nodesconf {

NodeId NodeId::from_text(std::string_view text) {
    NodeId id;
    // Every well-formed id is 40 bytes: copied at that fixed size, not by a memcpy call.
    if (text.size() >= kNodeIdLength)
        std::memcpy(id.bytes_.data(), text.data(), kNodeIdLength);
    else
        std::memcpy(id.bytes_.data(), text.data(), text.size());
    return id;
}

std::string_view NodeId::view() const {
    const auto* end = static_cast<const char*>(std::memchr(bytes_.data(), '\0', kNodeIdLength));
    return std::string_view(bytes_.data(),
                            end ? static_cast<std::size_t>(end - bytes_.data()) : kNodeIdLength);
}

std::size_t NodeId::hash() const {
    return hash_bytes(bytes_.data());
}

std::size_t NodeId::hash_bytes(const char* bytes) {
    // All 40 bytes (a file may hold ids that share a long prefix), as five words multiplied
    // independently and then mixed: the parser looks an id up for every node, master and
    // migration target.
    // One 8-byte load per word (copied as one 40-byte block, the words went through the stack
    // and their loads waited on store forwarding).
    auto word = [bytes](std::size_t i) {
        std::uint64_t w;
        std::memcpy(&w, bytes + 8 * i, sizeof w);
        return w;
    };
    std::uint64_t hash =
        (word(0) * 0x9e3779b97f4a7c15ULL) ^ std::rotl(word(1) * 0xc2b2ae3d27d4eb4fULL, 21) ^
        std::rotl(word(2) * 0x165667b19e3779f9ULL, 42) ^
        std::rotl(word(3) * 0xd6e8feb86659fd93ULL, 11) ^ (word(4) * 0xff51afd7ed558ccdULL);
    hash ^= hash >> 32;
    hash *= 0xff51afd7ed558ccdULL;
    return hash ^ (hash >> 29);
}

bool is_valid_node_id(std::string_view text) {
    if (text.size() != kNodeIdLength) return false;
#if defined(__SSE2__)
    // Three overlapping 16-byte loads cover the 40 bytes; signed compares leave bytes >= 0x80
    // outside both ranges.
    auto all_valid = [](const char* p) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        auto in = [&](char low, char high) {
            return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(low - 1))),
                                 _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(high + 1))));
        };
        return _mm_movemask_epi8(_mm_or_si128(in('0', '9'), in('a', 'z'))) == 0xFFFF;
    };
    return all_valid(text.data()) && all_valid(text.data() + 16) && all_valid(text.data() + 24);
#else
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
#endif
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
