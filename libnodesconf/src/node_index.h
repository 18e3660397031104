// Node id -> index into the loader's node list: open addressing with linear probing over one
// array of (hash tag, index) pairs. No allocation per node, and the ids stay in the nodes, so a
// lookup costs one hash of 40 bytes and, almost always, one id comparison.
#pragma once

#include <cstdint>
#include <vector>

#include "nodesconf/model.h"

namespace nodesconf::detail {

class NodeIndex {
  public:
    void reserve(std::size_t nodes) {
        if (nodes * 2 > slots_.size()) rehash(nodes * 2, {});
    }

    // The index of the node with `id` in `nodes`, or kNoNode.
    std::int32_t find(const NodeId& id, const std::vector<Node>& nodes) const {
        if (slots_.empty()) return kNoNode;
        const std::uint64_t hash = id.hash();
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.index == kNoNode) return kNoNode;
            if (slot.tag == tag_of(hash) && nodes[slot.index].id == id) return slot.index;
        }
    }

    // Records nodes[index] (whose id is not in the index yet).
    void insert(std::int32_t index, const std::vector<Node>& nodes) {
        if ((size_ + 1) * 2 > slots_.size())
            rehash(std::max<std::size_t>(16, slots_.size() * 2), nodes);
        place(nodes[index].id.hash(), index);
        ++size_;
    }

  private:
    struct Slot {
        std::uint32_t tag = 0;
        std::int32_t index = kNoNode;
    };
    static std::uint32_t tag_of(std::uint64_t hash) {
        return static_cast<std::uint32_t>(hash >> 32);
    }

    void place(std::uint64_t hash, std::int32_t index) {
        std::size_t i = hash & mask_;
        while (slots_[i].index != kNoNode) i = (i + 1) & mask_;
        slots_[i] = {tag_of(hash), index};
    }

    void rehash(std::size_t at_least, const std::vector<Node>& nodes) {
        std::size_t capacity = 16;
        while (capacity < at_least) capacity *= 2;
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (const Slot& slot : old)
            if (slot.index != kNoNode) place(nodes[slot.index].id.hash(), slot.index);
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace nodesconf::detail
