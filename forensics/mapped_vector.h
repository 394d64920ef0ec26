#pragma once
// Arrays over millions of graph nodes, in anonymous mappings backed by huge
// pages where the kernel allows it (transparent huge pages on madvise):
// the dominator passes index them at random, and with 4 KiB pages most of
// those accesses would miss the TLB.
//
// MappedVector: a growable array of trivially copyable values that grows in
// place (mremap), for edge lists of unknown length, where std::vector's copy
// on growth would double the peak memory. HugePageAllocator: for
// std::vector's of known size.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>
#include <type_traits>
#include <utility>

namespace gf {

constexpr size_t kHugePage = size_t{2} << 20;

inline void* MapHugePages(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

// Small arrays come from the heap, large ones from mappings of their own.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n) {
    if (n * sizeof(T) < kHugePage) return std::allocator<T>().allocate(n);
    return static_cast<T*>(MapHugePages(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage) return std::allocator<T>().deallocate(p, n);
    munmap(p, n * sizeof(T));
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

template <typename T>
class MappedVector {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  MappedVector() = default;
  MappedVector(const MappedVector&) = delete;
  MappedVector& operator=(const MappedVector&) = delete;
  MappedVector(MappedVector&& o) noexcept { *this = std::move(o); }
  MappedVector& operator=(MappedVector&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    return *this;
  }
  ~MappedVector() {
    if (data_) munmap(data_, capacity_ * sizeof(T));
  }

  void push_back(T v) {
    if (size_ == capacity_) Grow();
    data_[size_++] = v;
  }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }

 private:
  // Doubling costs no memory until written: untouched pages stay unbacked.
  void Grow() {
    size_t capacity = capacity_ ? capacity_ * 2 : kHugePage / sizeof(T);
    void* p = data_ ? mremap(data_, capacity_ * sizeof(T), capacity * sizeof(T), MREMAP_MAYMOVE)
                    : MapHugePages(capacity * sizeof(T));
    if (p == MAP_FAILED) throw std::bad_alloc();
    madvise(p, capacity * sizeof(T), MADV_HUGEPAGE);
    data_ = static_cast<T*>(p);
    capacity_ = capacity;
  }

  T* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

}  // namespace gf
