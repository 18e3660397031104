// Runs of equal cells in a slot table (16,384 node indexes). Owners come in runs of a master's
// slots, so the checks, the loader and the writer's ranges work a run at a time, not a cell at
// a time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nodesconf::detail {

// Whether the `N` cells from `cells` all hold `value`: one test for a group, not a branch a
// cell.
template <std::size_t N>
inline bool all_equal(const std::int32_t* cells, std::int32_t value) {
    static_assert(N % 8 == 0);
    // Two accumulators of four lanes, which GCC keeps as two vectors: with one, each vector of
    // cells waited on the OR of the one before.
    std::array<std::int32_t, 8> differ{};
#pragma GCC unroll 8
    for (std::size_t k = 0; k < N; k += 8)
        for (std::size_t lane = 0; lane < 8; ++lane) differ[lane] |= cells[k + lane] ^ value;
    std::int32_t any = 0;
    for (const std::int32_t d : differ) any |= d;
    return any == 0;
}

// Calls visit(first, end, value) for each maximal run [first, end) of cells equal to `value`,
// in order. Eight equal cells are passed over at once (validating the 1000-node files:
// contiguous 210 -> 204 us, 2 masters 201 -> 193 us). `visit` may rewrite the run's own cells.
template <typename Visit>
void for_each_run(std::span<const std::int32_t> cells, Visit&& visit) {
    const std::size_t size = cells.size();
    for (std::size_t first = 0; first < size;) {
        const std::int32_t value = cells[first];
        std::size_t end = first + 1;
        if (end < size && cells[end] == value) {  // a lone cell (scattered slots) stops here
            for (++end; end + 8 <= size && all_equal<8>(&cells[end], value);) end += 8;
            while (end < size && cells[end] == value) ++end;
        }
        visit(first, end, value);
        first = end;
    }
}

// cells[first, end) = value, eight cells a store group: std::fill's loop of one 4-byte store
// a cell took 5 us for a whole table, a third of validating a 6-node file. A long run on x86 is
// one string store, which writes whole cache lines without first reading them in as a loop of
// stores does: a whole table 0.71 us against 1.28 us (memset's own way for large blocks).
inline void fill_run(std::span<std::int32_t> cells, std::size_t first, std::size_t end,
                     std::int32_t value) {
#if defined(__x86_64__)
    constexpr std::size_t kStringStoreFrom = 512;  // 2 KiB, glibc's threshold for `rep stosb`
    if (end - first >= kStringStoreFrom) {
        std::int32_t* at = cells.data() + first;
        std::size_t count = end - first;
        asm volatile("rep stosl" : "+D"(at), "+c"(count) : "a"(value) : "memory");
        return;
    }
#endif
    std::size_t i = first;
    for (; i + 8 <= end; i += 8)
        for (std::size_t k = 0; k < 8; ++k) cells[i + k] = value;
    for (; i < end; ++i) cells[i] = value;
}

}  // namespace nodesconf::detail
