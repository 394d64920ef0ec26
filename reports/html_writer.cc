#include "reports/html_writer.h"

namespace gf {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t':
      case '\n': out += c; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += "\uFFFD";
        else out += c;
    }
  }
  return out;
}

HtmlWriter& HtmlWriter::Raw(Markup m) {
  out_ << m.view();
  return *this;
}

HtmlWriter& HtmlWriter::Text(std::string_view text) {
  out_ << EscapeHtml(text);
  return *this;
}

HtmlWriter& HtmlWriter::Open(Markup tag, std::initializer_list<HtmlAttr> attrs) {
  out_ << '<' << tag.view();
  for (const auto& a : attrs) out_ << ' ' << a.name.view() << "=\"" << EscapeHtml(a.value) << '"';
  out_ << '>';
  return *this;
}

HtmlWriter& HtmlWriter::Close(Markup tag) {
  out_ << "</" << tag.view() << '>';
  return *this;
}

HtmlWriter& HtmlWriter::Element(Markup tag, std::string_view text, std::initializer_list<HtmlAttr> attrs) {
  return Open(tag, attrs).Text(text).Close(tag);
}

}  // namespace gf
