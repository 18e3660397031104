// The byte_marks.h functions as built without SSE2 (scalar_byte_marks.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nodesconf::scalar {

std::uint32_t marks_of(const char* p, char c);  // the 32 bytes at p
std::uint32_t digit_marks(const char* p);       // the 32 bytes at p
std::size_t count_byte(std::string_view text, char c);
std::size_t matching_prefix(const char* a, const char* b, std::size_t n);

}  // namespace nodesconf::scalar
