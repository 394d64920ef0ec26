#pragma once
// Go's build ID ELF note (name "Go", type 4), which the Go linker writes in
// the first page of every binary, right after the program headers. Found by
// scanning a page, so it works on a file's first bytes and on the first
// page of a mapping dumped into a core alike.
#include <cstdint>
#include <span>
#include <string>

namespace gf {

// The note's build ID, empty when the bytes hold none.
std::string FindGoBuildIdNote(std::span<const uint8_t> page);

}  // namespace gf
