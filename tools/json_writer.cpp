#include "json_writer.h"

#include <fmt/format.h>

namespace nodesconf::cli {

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
    }
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_ += '{';
    first_.push_back(true);
    return *this;
}
JsonWriter& JsonWriter::end_object() {
    out_ += '}';
    first_.pop_back();
    return *this;
}
JsonWriter& JsonWriter::begin_array() {
    separate();
    out_ += '[';
    first_.push_back(true);
    return *this;
}
JsonWriter& JsonWriter::end_array() {
    out_ += ']';
    first_.pop_back();
    return *this;
}
JsonWriter& JsonWriter::key(std::string_view name) {
    value(name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    separate();
    out_ += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"':
                out_ += "\\\"";
                continue;
            case '\\':
                out_ += "\\\\";
                continue;
            case '\n':
                out_ += "\\n";
                continue;
            case '\r':
                out_ += "\\r";
                continue;
            case '\t':
                out_ += "\\t";
                continue;
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f) {
            out_ += fmt::format("\\u{:04x}", c);
            continue;
        }
        if (c < 0x80) {
            out_ += static_cast<char>(c);
            continue;
        }
        // Pass valid UTF-8 sequences through; escape stray bytes as code points U+0080-U+00FF.
        std::size_t len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
        bool valid = len > 0 && i + len <= text.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
        if (valid) {
            out_.append(text.substr(i, len));
            i += len - 1;
        } else {
            out_ += fmt::format("\\u{:04x}", c);
        }
    }
    out_ += '"';
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    separate();
    out_ += fmt::format_int(number).str();
    return *this;
}
JsonWriter& JsonWriter::value(std::uint64_t number) {
    separate();
    out_ += fmt::format_int(number).str();
    return *this;
}
JsonWriter& JsonWriter::value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
    return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
    separate();
    out_ += json;
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ += "null";
    return *this;
}

}  // namespace nodesconf::cli
