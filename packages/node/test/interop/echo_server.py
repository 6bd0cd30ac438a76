"""Echo server on 127.0.0.1 for the interop tests: python-websockets, port 0, prints the port.

Usage: python3 echo_server.py [deflate|plain]
"""
import asyncio
import sys

import websockets


async def echo(websocket, path=None):
    try:
        async for message in websocket:
            await websocket.send(message)
    except websockets.ConnectionClosed:
        pass  # a close code other than 1000/1001 is a normal outcome of the tests


async def main():
    compression = "deflate" if len(sys.argv) > 1 and sys.argv[1] == "deflate" else None
    async with websockets.serve(echo, "127.0.0.1", 0, compression=compression, max_size=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(port, flush=True)
        await asyncio.get_running_loop().create_future()


asyncio.run(main())
