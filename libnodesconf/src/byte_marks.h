// Where given bytes occur in a short field, found with two 16-byte compares. A field such as
// the address (about 20 bytes) is split at two or three kinds of byte; a memchr call per kind
// costs more there than the rest of reading the field.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace nodesconf::detail {

inline constexpr std::size_t kMarkedBytes = 32;

// The 32 bytes at `p` (all 32 must be readable): bit i of of(c) is set where p[i] == c.
class ByteMarks32 {
  public:
    explicit ByteMarks32(const char* p)
#if defined(__SSE2__)
        : low_(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
          high_(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)))
#else
        : p_(p)
#endif
    {
    }

    std::uint32_t of(char c) const {
#if defined(__SSE2__)
        const __m128i wanted = _mm_set1_epi8(c);
        const auto low =
            static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(low_, wanted)));
        const auto high =
            static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(high_, wanted)));
        return low | high << 16;
#else
        std::uint32_t marks = 0;
        for (unsigned i = 0; i < kMarkedBytes; ++i)
            marks |= static_cast<std::uint32_t>(p_[i] == c) << i;
        return marks;
#endif
    }

    // Bit i is set where p[i] is an ASCII digit.
    std::uint32_t digits() const {
#if defined(__SSE2__)
        auto marks = [](__m128i bytes) {  // digits become 0-9, which min(x, 9) leaves alone
            const __m128i offsets = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
            return static_cast<std::uint32_t>(_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_min_epu8(offsets, _mm_set1_epi8(9)), offsets)));
        };
        return marks(low_) | marks(high_) << 16;
#else
        std::uint32_t marks = 0;
        for (unsigned i = 0; i < kMarkedBytes; ++i)
            marks |= static_cast<std::uint32_t>(p_[i] >= '0' && p_[i] <= '9') << i;
        return marks;
#endif
    }

  private:
#if defined(__SSE2__)
    __m128i low_, high_;
#else
    const char* p_;
#endif
};

// Bits 0 to n - 1 (n <= 32).
inline std::uint32_t first_bits(std::size_t n) {
    return n >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << n) - 1;
}

// How many bytes of `text` are `c`: a compare per 16 bytes, its matches summed in byte lanes
// (a memchr call per line, to count the lines, cost 4.5 us of the 155 it takes to load a file of
// 1000 short lines).
inline std::size_t count_byte(std::string_view text, char c) {
    const char* const p = text.data();
    const std::size_t n = text.size();
    std::size_t count = 0, i = 0;
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi8(c);
    auto matches = [&](std::size_t at) {  // 0xFF in each lane that matched: -1 to the sum
        return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at)), wanted);
    };
    while (n - i >= 64) {
        // Two sums, so that each step waits on two subtractions, not four; at most 2 a lane
        // per 64 bytes: 127 steps before a lane could pass 255.
        const std::size_t steps = std::min<std::size_t>((n - i) / 64, 127);
        __m128i even = _mm_setzero_si128(), odd = _mm_setzero_si128();
        for (std::size_t s = 0; s < steps; ++s, i += 64) {
            even = _mm_sub_epi8(_mm_sub_epi8(even, matches(i)), matches(i + 32));
            odd = _mm_sub_epi8(_mm_sub_epi8(odd, matches(i + 16)), matches(i + 48));
        }
        const __m128i zero = _mm_setzero_si128();  // two 64-bit sums of each
        const __m128i sums = _mm_add_epi64(_mm_sad_epu8(even, zero), _mm_sad_epu8(odd, zero));
        count += static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
                 static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    }
#endif
    for (; i < n; ++i) count += p[i] == c;
    return count;
}

// How many bytes from `a` and `b` on (n readable at each) are equal: 16 bytes a compare.
inline std::size_t matching_prefix(const char* a, const char* b, std::size_t n) {
    std::size_t i = 0;
#if defined(__SSE2__)
    for (; n - i >= 16; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
        const auto differ =
            ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y))) & 0xFFFFu;
        if (differ != 0) return i + static_cast<std::size_t>(std::countr_zero(differ));
    }
#endif
    while (i < n && a[i] == b[i]) ++i;
    return i;
}

}  // namespace nodesconf::detail
