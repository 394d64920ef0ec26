#include "readers/go_build_id_note.h"

#include <cstring>
#include <string_view>

namespace gf {

// An ELF note is {namesz, descsz, type, name padded to 4, desc}.
std::string FindGoBuildIdNote(std::span<const uint8_t> page) {
  std::string_view s(reinterpret_cast<const char*>(page.data()), page.size());
  constexpr std::string_view kTypeAndName("\x04\0\0\0Go\0\0", 8);
  for (size_t at = s.find(kTypeAndName); at != std::string_view::npos; at = s.find(kTypeAndName, at + 1)) {
    if (at < 8) continue;
    uint32_t namesz, descsz;
    std::memcpy(&namesz, page.data() + at - 8, 4);
    std::memcpy(&descsz, page.data() + at - 4, 4);
    size_t desc = at + kTypeAndName.size();
    if (namesz == 4 && descsz > 0 && desc + descsz <= s.size()) return std::string(s.substr(desc, descsz));
  }
  return {};
}

}  // namespace gf
