#include "readers/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
}

void MappedFile::DropResidentPages() const { ::madvise(data_, size_, MADV_DONTNEED); }

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace gf
