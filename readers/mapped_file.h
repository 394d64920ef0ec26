#pragma once
// A read-only memory mapping of a whole file. Cores are many GB: everything
// downstream reads through this mapping instead of copying regions. A gzip
// or zstd file is streamed into anonymous memory instead, so every reader
// takes archived (.gz, .zst) inputs as they are.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace gf {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path);  // throws ReadError
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  std::span<const uint8_t> bytes() const { return {data_, size_}; }
  size_t size() const { return size_; }
  bool decompressed() const { return decompressed_; }
  // Last modification time, nanoseconds since the Unix epoch.
  int64_t modified_ns() const { return modified_ns_; }
  // Unmaps the pages read so far from this process (they stay in the page
  // cache and fault back in on the next read), so that one pass over a
  // many-GB core does not keep it all resident. Decompressed contents have
  // no file to fault back from and stay.
  void DropResidentPages() const;
  // libelf wants a mutable pointer; the mapping is private copy-on-write so
  // nothing it might write reaches the file.
  char* mutable_data() const { return reinterpret_cast<char*>(data_); }

 private:
  std::string path_;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  int64_t modified_ns_ = 0;
  bool decompressed_ = false;

  void DecompressInPlace();
};

}  // namespace gf
