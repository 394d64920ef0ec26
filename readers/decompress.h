#pragma once
// Compressed inputs (archived cores, traces and profiles are often .gz or
// .zst) are recognised by their magic bytes and streamed through zlib or
// libzstd; nothing is unpacked to disk.
#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace gf {

enum class Compression { kNone, kGzip, kZstd };

Compression CompressionOf(std::span<const uint8_t> head);

// Feeds the decompressed bytes of `in` to `sink` chunk by chunk until the
// input ends or sink returns false (a caller that wants only a prefix).
// Throws ReadError naming `path` when the stream is corrupt or truncated.
void Decompress(const std::string& path, std::span<const uint8_t> in, Compression c,
                const std::function<bool(std::span<const uint8_t>)>& sink);

}  // namespace gf
