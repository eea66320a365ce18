const std = @import("std");
const util = @import("util.zig");

pub fn main(init: std.process.Init) !void {
    var buffer: [64]u8 = undefined;
    var stdout: std.Io.File.Writer = .init(.stdout(), init.io, &buffer);
    try stdout.interface.print("{d}\n", .{util.add(2, 3)});
    try stdout.interface.flush();
}
