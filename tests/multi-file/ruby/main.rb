require_relative "util"
puts add(2, 3)
