#include "readers/decompress.h"

#include <zlib.h>
#include <zstd.h>

#include <memory>
#include <vector>

#include "readers/read_error.h"

namespace gf {
namespace {

constexpr size_t kChunk = 1 << 20;

void Gunzip(const std::string& path, std::span<const uint8_t> in,
            const std::function<bool(std::span<const uint8_t>)>& sink) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) throw ReadError(path, "cannot start gzip decompression");
  std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&z, inflateEnd);
  std::vector<uint8_t> out(kChunk);
  z.next_in = const_cast<Bytef*>(in.data());
  size_t left = in.size();
  int rc = Z_OK;
  while (true) {
    // avail_in is 32-bit: feed a huge input in slices.
    if (z.avail_in == 0 && left > 0) {
      z.avail_in = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
      left -= z.avail_in;
    }
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      throw ReadError(path, std::string("corrupt gzip data: ") + (z.msg ? z.msg : "inflate failed") + " at byte " +
                                std::to_string(z.total_in));
    size_t produced = out.size() - z.avail_out;
    if (produced && !sink({out.data(), produced})) return;
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0 && left == 0) return;
      inflateReset(&z);  // concatenated gzip members, as `cat a.gz b.gz` makes
      continue;
    }
    if (rc == Z_BUF_ERROR && produced == 0 && z.avail_in == 0 && left == 0)
      throw ReadError(path, "gzip data is truncated after " + std::to_string(in.size()) + " bytes");
  }
}

void Unzstd(const std::string& path, std::span<const uint8_t> in,
            const std::function<bool(std::span<const uint8_t>)>& sink) {
  std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> d(ZSTD_createDStream(), ZSTD_freeDStream);
  if (!d) throw ReadError(path, "cannot start zstd decompression");
  std::vector<uint8_t> out(ZSTD_DStreamOutSize());
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  size_t hint = 1;
  while (input.pos < input.size) {
    ZSTD_outBuffer output{out.data(), out.size(), 0};
    hint = ZSTD_decompressStream(d.get(), &output, &input);
    if (ZSTD_isError(hint))
      throw ReadError(path, std::string("corrupt zstd data: ") + ZSTD_getErrorName(hint) + " at byte " +
                                std::to_string(input.pos));
    if (output.pos && !sink({out.data(), output.pos})) return;
  }
  // Flush what the decoder still holds once the input is consumed.
  while (hint != 0) {
    ZSTD_outBuffer output{out.data(), out.size(), 0};
    hint = ZSTD_decompressStream(d.get(), &output, &input);
    if (ZSTD_isError(hint)) throw ReadError(path, std::string("corrupt zstd data: ") + ZSTD_getErrorName(hint));
    if (output.pos == 0) throw ReadError(path, "zstd data is truncated after " + std::to_string(in.size()) + " bytes");
    if (!sink({out.data(), output.pos})) return;
  }
}

}  // namespace

Compression CompressionOf(std::span<const uint8_t> head) {
  if (head.size() >= 2 && head[0] == 0x1f && head[1] == 0x8b) return Compression::kGzip;
  if (head.size() >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
    return Compression::kZstd;
  return Compression::kNone;
}

void Decompress(const std::string& path, std::span<const uint8_t> in, Compression c,
                const std::function<bool(std::span<const uint8_t>)>& sink) {
  switch (c) {
    case Compression::kGzip: return Gunzip(path, in, sink);
    case Compression::kZstd: return Unzstd(path, in, sink);
    case Compression::kNone: sink(in); return;
  }
}

}  // namespace gf
