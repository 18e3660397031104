// Node id -> index into the loader's node list: open addressing with linear probing over one
// array of (hash tag, index) pairs, and the ids in insertion order in a dense array of their own.
// No allocation per node; a lookup costs one hash of 40 bytes and, almost always, one id
// comparison, which touches the 40-byte id, not the 184-byte node (at 100,000 nodes, the nodes
// are far out of cache and the ids are not).
#pragma once

#include <cstdint>
#include <vector>

#include "nodesconf/model.h"

namespace nodesconf::detail {

class NodeIndex {
  public:
    void reserve(std::size_t nodes) {
        ids_.reserve(nodes);
        if (nodes * 2 > slots_.size()) rehash(nodes * 2);
    }

    // The index of the node with `id`, or kNoNode.
    std::int32_t find(const NodeId& id) const { return find(id, id.hash()); }
    // The same with id.hash() computed by the caller (a miss is then inserted with it).
    std::int32_t find(const NodeId& id, std::uint64_t hash) const {
        if (slots_.empty()) return kNoNode;
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.index == kNoNode) return kNoNode;
            if (slot.tag == tag_of(hash) && ids_[static_cast<std::size_t>(slot.index)] == id)
                return slot.index;
        }
    }

    // Starts loading the index cell of the id in these 40 bytes. Once the index outgrows the
    // L2 cache and its TLB (100,000 nodes), nearly every lookup misses both; the parser asks
    // early for the cells it will probe, while it reads the fields in between.
    void prefetch(const char* id_bytes) const {
        if (slots_.size() < kPrefetchFrom) return;
        prefetch_for_read(&slots_[NodeId::hash_bytes(id_bytes) & mask_]);
    }

    // Records `id` (not in the index yet; `hash` is id.hash()) as the next node index; returns
    // that index.
    std::int32_t insert(const NodeId& id, std::uint64_t hash) {
        if ((ids_.size() + 1) * 2 > slots_.size())
            rehash(std::max<std::size_t>(16, slots_.size() * 2));
        const auto index = static_cast<std::int32_t>(ids_.size());
        ids_.push_back(id);
        place(hash, index);
        return index;
    }

  private:
    // GCC 12 at -O2 deletes a __builtin_prefetch that follows an early return (as the one
    // above does): the parser shipped without the instruction from the day it was written, and
    // a 100,000-node file stalled on the index on every line (issue #7). An asm statement with
    // side effects is never deleted. tests/check_prefetch.sh looks for the instructions.
    static void prefetch_for_read(const void* address) {
#if defined(__x86_64__) || defined(__i386__)
        asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(address)));
#else
        __builtin_prefetch(address);
#endif
    }
    static constexpr std::size_t kPrefetchFrom = std::size_t{1} << 16;  // 512 KiB of cells
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

    void rehash(std::size_t at_least) {
        std::size_t capacity = 16;
        while (capacity < at_least) capacity *= 2;
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (const Slot& slot : old)
            if (slot.index != kNoNode)
                place(ids_[static_cast<std::size_t>(slot.index)].hash(), slot.index);
    }

    std::vector<Slot> slots_;
    std::vector<NodeId> ids_;
    std::size_t mask_ = 0;
};

}  // namespace nodesconf::detail
