#include "readers/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>

#include "readers/decompress.h"
#include "readers/read_error.h"

namespace gf {

MappedFile::MappedFile(const std::string& path) : path_(path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ReadError(path, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw ReadError(path, "not a regular file");
  }
  size_ = static_cast<size_t>(st.st_size);
  modified_ns_ = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
  if (size_ == 0) {
    ::close(fd);
    throw ReadError(path, "file is empty");
  }
  void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) throw ReadError(path, std::string("cannot map: ") + std::strerror(errno));
  data_ = static_cast<uint8_t*>(p);
  if (CompressionOf(bytes()) == Compression::kNone) {
    // A core not yet in the page cache is read in 2 MiB folios, which the
    // kernel then maps with one TLB entry each: an analysis reads the heap
    // at random, and with 4 KiB pages most of its reads missed the TLB.
    ::madvise(p, size_, MADV_HUGEPAGE);
    return;
  }
  try {
    DecompressInPlace();
  } catch (...) {
    ::munmap(data_, size_);
    throw;
  }
}

namespace {

// An anonymous mapping that grows by doubling (mremap moves no bytes).
class GrowingBuffer {
 public:
  explicit GrowingBuffer(const std::string& path) : path_(path) {}
  ~GrowingBuffer() {
    if (data_) ::munmap(data_, capacity_);
  }
  void Append(std::span<const uint8_t> chunk) {
    if (size_ + chunk.size() > capacity_) Grow(size_ + chunk.size());
    std::memcpy(data_ + size_, chunk.data(), chunk.size());
    size_ += chunk.size();
  }
  // Hands the mapping over; shrunk to its size.
  uint8_t* Release(size_t& size) {
    uint8_t* d = data_;
    if (size_ < capacity_) {
      void* p = ::mremap(d, capacity_, size_ ? size_ : 1, 0);
      if (p != MAP_FAILED) capacity_ = size_ ? size_ : 1;
    }
    size = size_;
    data_ = nullptr;
    return d;
  }

 private:
  void Grow(size_t need) {
    size_t cap = capacity_ ? capacity_ : size_t{1} << 24;
    while (cap < need) cap *= 2;
    // Overcommit would accept any size and let the OOM killer decide later:
    // refuse a stream (or a decompression bomb) larger than physical memory.
    size_t physical = static_cast<size_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    if (need > physical)
      throw ReadError(path_, "decompresses to more than " + std::to_string(physical >> 20) +
                                 " MiB, the machine's memory");
    void* p = data_ ? ::mremap(data_, capacity_, cap, MREMAP_MAYMOVE)
                    : ::mmap(nullptr, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      throw ReadError(path_, "decompresses to more than " + std::to_string(need >> 20) + " MiB, which does not fit in memory");
    data_ = static_cast<uint8_t*>(p);
    capacity_ = cap;
  }

  const std::string& path_;
  uint8_t* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

}  // namespace

void MappedFile::DecompressInPlace() {
  GrowingBuffer out(path_);
  Decompress(path_, bytes(), CompressionOf(bytes()), [&](std::span<const uint8_t> chunk) {
    out.Append(chunk);
    return true;
  });
  size_t size = 0;
  uint8_t* data = out.Release(size);
  ::munmap(data_, size_);
  data_ = data;
  size_ = size ? size : 1;  // the mapping's length, for munmap
  decompressed_ = true;
  if (size == 0) throw ReadError(path_, "decompresses to nothing");
}

void MappedFile::DropResidentPages() const {
  if (!decompressed_) ::madvise(data_, size_, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace gf
