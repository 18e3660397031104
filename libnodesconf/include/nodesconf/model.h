// The model: what a server holds in memory after loading a nodes.conf — the nodes in file order
// (placeholders for unknown masters and migration targets appended where they were created),
// slot ownership and open slots as the cluster-wide tables the server keeps, and the vars.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nodesconf/slots.h"

namespace nodesconf {

inline constexpr std::size_t kNodeIdLength = 40;

// A node id as the server stores it: 40 bytes. Ids in files are checked elsewhere.
class NodeId {
  public:
    NodeId() { bytes_.fill('\0'); }
    // The first 40 bytes of `text`, NUL-padded: what a pre-7.0 server keeps of any token.
    // Every well-formed id is 40 bytes: copied at that constant size, which the compiler does
    // with a few moves, not by a memcpy call of variable length.
    static NodeId from_text(std::string_view text) {
        NodeId id;
        if (text.size() >= kNodeIdLength)
            std::memcpy(id.bytes_.data(), text.data(), kNodeIdLength);
        else
            std::memcpy(id.bytes_.data(), text.data(), text.size());
        return id;
    }
    std::string_view view() const;  // without NUL padding
    std::string_view prefix(std::size_t n) const { return view().substr(0, n); }
    bool operator==(const NodeId&) const = default;
    auto operator<=>(const NodeId&) const = default;
    std::size_t hash() const { return hash_bytes(bytes_.data()); }
    // hash() of the id of these 40 bytes. All 40 (a file may hold ids that share a long prefix),
    // each 8-byte word mixed by a 128-bit multiply whose halves are folded together, two pairs
    // side by side and then the fifth word: every bit of the result depends on every bit of the
    // id (a 64-bit product's low bits see only its factors' low bits), with three multiplies
    // where there were six, still two deep. Inline, so that the words are loaded where the id's
    // bytes already are: the parser hashes an id for every node, master and migration target.
    static std::size_t hash_bytes(const char* bytes) {
        auto word = [bytes](std::size_t i) {
            std::uint64_t w;
            std::memcpy(&w, bytes + 8 * i, sizeof w);
            return w;
        };
        auto folded_product = [](std::uint64_t a, std::uint64_t b) {
            __extension__ using Wide = unsigned __int128;  // no -Wpedantic warning for users
            const Wide product = static_cast<Wide>(a) * b;
            return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
        };
        const std::uint64_t low =
            folded_product(word(0) ^ 0x243f6a8885a308d3ULL, word(1) ^ 0x13198a2e03707344ULL);
        const std::uint64_t high =
            folded_product(word(2) ^ 0xa4093822299f31d0ULL, word(3) ^ 0x082efa98ec4e6c89ULL);
        return folded_product(low ^ word(4), high ^ 0x452821e638d01377ULL);
    }

  private:
    std::array<char, kNodeIdLength> bytes_;
};

struct NodeIdHash {
    std::size_t operator()(const NodeId& id) const { return id.hash(); }
};

// True for exactly 40 characters of [a-z0-9] (verifyClusterNodeId, 7.0+).
bool is_valid_node_id(std::string_view text);

enum Flag : std::uint16_t {
    kMyself = 1 << 0,
    kMaster = 1 << 1,
    kSlave = 1 << 2,
    kPfail = 1 << 3,
    kFail = 1 << 4,
    kHandshake = 1 << 5,
    kNoaddr = 1 << 6,
    kNofailover = 1 << 7,
};
// Flag names in the server's table order (the order the writer uses).
struct FlagName {
    Flag flag;
    std::string_view name;
};
inline constexpr std::array<FlagName, 8> kFlagNames = {{{kMyself, "myself"},
                                                        {kMaster, "master"},
                                                        {kSlave, "slave"},
                                                        {kPfail, "fail?"},
                                                        {kFail, "fail"},
                                                        {kHandshake, "handshake"},
                                                        {kNoaddr, "noaddr"},
                                                        {kNofailover, "nofailover"}}};
std::string format_flags(std::uint16_t flags);  // "myself,master", or "noflags"

struct AuxField {
    std::string key, value;
    bool operator==(const AuxField&) const = default;
};

inline constexpr std::int32_t kNoNode = -1;

struct Node {
    Node() = default;
    // Direct initialisation: `Node()` value-initialises, which zero-fills all 184 bytes (a `rep
    // stos`) before the member initialisers run, a third of adding a node to the loader's list.
    explicit Node(const NodeId& node_id) : id(node_id) {}

    NodeId id;
    std::string ip;             // may be empty (`:7000@17000`, `:0@0`)
    int port = 0;               // the plaintext port as loaded (atoi)
    int cport = 0;              // the bus port; port + 10000 when the file has no `@cport`
    bool cport_given = false;   // the file had `@cport`
    std::string hostname;       // 7.0+: announced hostname (7.0: everything after the first comma)
    std::vector<AuxField> aux;  // 7.2+: aux fields in file order
    std::uint16_t flags = 0;
    std::int32_t master = kNoNode;  // index into Config::nodes
    std::int64_t ping_sent = 0;     // kept as read (the server would write "now" for non-zero)
    std::int64_t pong_received = 0;
    std::uint64_t config_epoch = 0;  // as loaded: 0 for replicas from 7.0.3 on
    bool connected = false;          // link-state field; the server ignores it at load
    bool placeholder = false;        // created for an unknown master or migration target
    std::uint32_t line = 0;          // 1-based line of the node's (first) line; 0 if none

    bool has(Flag flag) const { return (flags & flag) != 0; }
    bool is_replica() const { return has(kSlave) && master != kNoNode; }
    const AuxField* find_aux(std::string_view key) const;
    std::string* aux_value(std::string_view key);  // nullptr if absent
    void set_aux(std::string_view key, std::string value);
    bool erase_aux(std::string_view key);
};

struct Vars {
    std::uint64_t current_epoch = 0;
    std::uint64_t last_vote_epoch = 0;
    bool present = false;  // the file had a vars line
    std::uint32_t line = 0;
};

struct OpenSlot {
    int slot = 0;
    std::int32_t migrating_to = kNoNode;
    std::int32_t importing_from = kNoNode;
};

// A node index (or kNoNode) per slot. The cells exist from the first write on: most files have
// no open slot, and a pre-start hook that fills and copies three 64 KiB tables pays more in page
// faults than in parsing (issue #7). Moving a table moves a pointer.
class SlotTable {
  public:
    static constexpr int kBlock = 64;             // slots a block of the summary below
    static constexpr std::int32_t kSeveral = -2;  // a block's cells hold more than one value

    std::int32_t operator[](int slot) const { return cells_.empty() ? kNoNode : cells_[slot]; }
    std::int32_t& operator[](int slot) { return data()[slot]; }
    std::int32_t* data() {
        block_values_.clear();
        if (cells_.empty()) cells_.assign(kSlotCount, kNoNode);
        return cells_.data();
    }
    // The cells without their first fill, for a writer that sets every one of them before the
    // table is read (the loader: a real file's masters cover all 16,384 slots, and filling the
    // table first was a fifth of validating a 6-node file). Cells not written before are left
    // as they were, which for a new table is unspecified.
    std::int32_t* data_for_overwrite() {
        block_values_.clear();
        if (cells_.empty()) {
            cells_.resize(kSlotCount);
#ifdef NODESCONF_POISON_UNSET_CELLS
            // Sanitizer builds: a cell read before it is written names no node, loudly.
            std::fill(cells_.begin(), cells_.end(), 0x7eadbeef);
#endif
        }
        return cells_.data();
    }
    void fill(std::int32_t node) {
        block_values_.clear();
        cells_.assign(kSlotCount, node);
    }
    // The cells for rewriting node references: none while every cell is still kNoNode.
    std::span<std::int32_t> written_cells() {
        block_values_.clear();
        return cells_;
    }
    // The cells for reading in bulk: none while every cell is still kNoNode.
    std::span<const std::int32_t> written_cells() const {
        return cells_;
    }

    // What each 64-slot block's cells hold, where their writer knew it: the one value of them
    // all, or kSeveral. The loader knows it from claiming the slots, and a walk over the owners
    // that reads it passes over whole blocks: reading 16,384 cells was a sixth of validating a
    // 6-node file. Empty when nobody said, and from any access that may write the cells on.
    std::span<const std::int32_t> block_values() const {
        return block_values_;
    }
    // `values` must describe the cells as they are: each block's one value, or kSeveral.
    void set_block_values(std::span<const std::int32_t> values) {
        if (values.size() == kSlotCount / kBlock && !cells_.empty())
            block_values_.assign(values.begin(), values.end());
    }

  private:
    // resize() leaves new cells default-initialised, which for an int is no store at all.
    template <typename T>
    struct DefaultInitAllocator : std::allocator<T> {
        template <typename U>
        struct rebind {
            using other = DefaultInitAllocator<U>;
        };
        DefaultInitAllocator() = default;
        template <typename U>
        DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
        template <typename U>
        void construct(U* p) noexcept {
            ::new (static_cast<void*>(p)) U;
        }
        template <typename U, typename... Args>
        void construct(U* p, Args&&... args) {
            ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
        }
    };
    std::vector<std::int32_t, DefaultInitAllocator<std::int32_t>> cells_;
    std::vector<std::int32_t> block_values_;
};

struct Config {
    std::vector<Node> nodes;
    // Cluster-wide tables, as the server keeps them: node index per slot, or kNoNode.
    SlotTable slot_owner;
    SlotTable migrating_to;
    SlotTable importing_from;
    Vars vars;

    std::int32_t myself() const;  // index of the myself node, or kNoNode
    std::int32_t find(const NodeId& id) const;
    SlotSet slots_of(std::int32_t node) const;
    // Owned slot ranges for every node at once (one pass over the slot table).
    std::vector<std::vector<SlotRange>> ranges_by_node() const;
    std::vector<OpenSlot> open_slots() const;
    // The configEpoch the writer prints for `node`: a replica's master's from 6.0.6 on.
    std::uint64_t written_epoch(std::int32_t node, bool master_epoch_for_replicas) const;
    std::uint64_t max_config_epoch() const;
    // Removes a node and every reference to it (slots, open slots, replicas' master link).
    void remove_node(std::int32_t node);
};

}  // namespace nodesconf
