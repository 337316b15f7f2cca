"""The connection to a mazerat server: one Session stream, lockstep.

The service stub is written by hand over grpc's generic API (Debian ships
no grpc code generator that fits its python3-grpcio): it is the one
bidirectional method of proto/mazerat/v1/worlds.proto.
"""

import queue

import grpc

from mazerat.v1 import worlds_pb2

_SESSION = "/mazerat.v1.Worlds/Session"
_END = object()

_CODES = {c.value[0]: c for c in grpc.StatusCode}


class MazeratError(Exception):
    """A request the server refused, or a broken connection.

    ``code`` is a ``grpc.StatusCode`` (INVALID_ARGUMENT, NOT_FOUND,
    ALREADY_EXISTS, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, UNAVAILABLE
    ...), ``message`` says what was wrong and what was expected.
    """

    def __init__(self, code, message):
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message


class Connection:
    """One session with a mazerat server: requests answered in order.

    The worlds a session creates are its own; closing the connection (or
    losing it) frees them on the server.
    """

    def __init__(self, address="127.0.0.1:50051", max_message=16 << 20):
        self.address = address
        self._channel = grpc.insecure_channel(
            address,
            options=[
                ("grpc.max_send_message_length", max_message),
                ("grpc.max_receive_message_length", max_message),
            ],
        )
        call = self._channel.stream_stream(
            _SESSION,
            request_serializer=worlds_pb2.Request.SerializeToString,
            response_deserializer=worlds_pb2.Response.FromString,
        )
        self._requests = queue.SimpleQueue()
        self._responses = call(iter(self._requests.get, _END))
        self._closed = False

    def call(self, request):
        """Sends a Request and returns the Response's payload message."""
        if self._closed:
            raise MazeratError(grpc.StatusCode.FAILED_PRECONDITION, "the connection is closed")
        self._requests.put(request)
        try:
            resp = next(self._responses)
        except grpc.RpcError as e:
            self._closed = True
            raise MazeratError(e.code(), e.details() or str(e)) from None
        except StopIteration:
            self._closed = True
            raise MazeratError(grpc.StatusCode.UNAVAILABLE, "the server ended the session") from None
        kind = resp.WhichOneof("payload")
        if kind == "error":
            code = _CODES.get(resp.error.code, grpc.StatusCode.UNKNOWN)
            raise MazeratError(code, resp.error.message)
        return getattr(resp, kind)

    def info(self):
        """The server's InfoResponse: worlds alive, the limit, their ids."""
        return self.call(worlds_pb2.Request(info=worlds_pb2.InfoRequest()))

    def close(self):
        if not self._closed:
            self._closed = True
            self._requests.put(_END)
        self._channel.close()
