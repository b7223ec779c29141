// A stand-in for an accepted TCP connection: the request bytes already read,
// and a place the response is written to.
#ifndef KATAS_INTERFACE_FIRST_CONNECTION_H_
#define KATAS_INTERFACE_FIRST_CONNECTION_H_

#include <string>
#include <string_view>
#include <utility>

namespace kata {

class Connection {
 public:
  // `response` receives whatever the server writes; it must outlive this.
  Connection(std::string request, std::string* response)
      : request_(std::move(request)), response_(response) {}

  const std::string& request() const { return request_; }
  void Write(std::string_view bytes) { response_->append(bytes); }

 private:
  std::string request_;
  std::string* response_;
};

}  // namespace kata

#endif  // KATAS_INTERFACE_FIRST_CONNECTION_H_
