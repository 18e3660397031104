// The check of a node id's 40 bytes, inline where the parser checks every line's ids: as a call
// into model.cpp, the loads waited behind the call and the check's result behind the return.
#pragma once

#include <algorithm>

#include "nodesconf/model.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace nodesconf::detail {

// Whether the 40 bytes at `p` are all [a-z0-9] (verifyClusterNodeId, 7.0+).
inline bool node_id_bytes_valid(const char* p) {
#if defined(__SSE2__)
    // Three overlapping 16-byte loads cover the 40 bytes; signed compares leave bytes >= 0x80
    // outside both ranges.
    auto all_valid = [](const char* at) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        auto in = [&](char low, char high) {
            return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(low - 1))),
                                 _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(high + 1))));
        };
        return _mm_movemask_epi8(_mm_or_si128(in('0', '9'), in('a', 'z'))) == 0xFFFF;
    };
    return all_valid(p) && all_valid(p + 16) && all_valid(p + 24);
#else
    return std::all_of(p, p + kNodeIdLength,
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
#endif
}

inline bool node_id_text_valid(std::string_view text) {
    return text.size() == kNodeIdLength && node_id_bytes_valid(text.data());
}

}  // namespace nodesconf::detail
