// byte_marks.h built without SSE2 (tests/CMakeLists.txt turns vector registers off for this
// file): the plain loops that a machine without SSE2 runs, e.g. an aarch64 build, exposed for
// test_byte_marks_scalar.cpp to check against naive references. No other file of the scalar
// test program includes byte_marks.h, so these are the only definitions of its functions there.
#include "scalar_byte_marks.h"

#include "../libnodesconf/src/byte_marks.h"

#if defined(__SSE2__)
#error "built with SSE2: this file is for the loops without it"
#endif

namespace nodesconf::scalar {

std::uint32_t marks_of(const char* p, char c) {
    return detail::ByteMarks32(p).of(c);
}
std::uint32_t digit_marks(const char* p) {
    return detail::ByteMarks32(p).digits();
}
std::size_t count_byte(std::string_view text, char c) {
    return detail::count_byte(text, c);
}
std::size_t matching_prefix(const char* a, const char* b, std::size_t n) {
    return detail::matching_prefix(a, b, n);
}

}  // namespace nodesconf::scalar
