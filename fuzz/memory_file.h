#pragma once
// A fuzz input handed to a reader that takes a path: the bytes go into an
// anonymous in-memory file (memfd) whose /proc/self/fd path the reader maps
// like any other file, so the fuzz targets exercise the real code path
// (open, fstat, mmap) without touching the disk.
#include <cstddef>
#include <cstdint>
#include <string>

namespace gf::fuzz {

class MemoryFile {
 public:
  MemoryFile();
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the whole content.
  void Assign(const uint8_t* data, size_t size);
  // Overwrites bytes in place (a patch that Assign or a second Write undoes).
  void Write(uint64_t offset, const uint8_t* data, size_t size);
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace gf::fuzz
