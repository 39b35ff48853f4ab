import ShienKit

print("shien")
